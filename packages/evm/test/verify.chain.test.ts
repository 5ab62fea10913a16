import { startTestChain, type TestChain } from "@x402kit/testchain";
import {
  createClient,
  type Hex,
  hexToBigInt,
  http,
  numberToHex,
  parseSignature,
  serializeSignature,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eip3009Abi } from "../src/abis.js";
import { exactEvmFacilitator } from "../src/facilitator/exactEvmFacilitator.js";
import { pay, requirementsFor, withSignature } from "./helpers.js";

const secp256k1n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

let chain: TestChain;
let facilitator: ReturnType<typeof exactEvmFacilitator>;
let httpRequests = 0;

beforeAll(async () => {
  chain = await startTestChain({ buyers: 2 });
  const publicClient = createClient({
    transport: http(chain.rpcUrl, { batch: true, onFetchRequest: () => void httpRequests++ }),
  });
  facilitator = exactEvmFacilitator({
    networks: { [chain.network]: { publicClient, signer: chain.accounts.facilitator.account } },
  });
});
afterAll(async () => {
  await chain?.stop();
});

describe("exact EVM verify on a chain", () => {
  it("accepts a valid payment in one HTTP round trip once the token is known, and moves no money", async () => {
    const { buyer, seller } = chain.accounts;
    const requirements = requirementsFor(chain);
    // The first payment in this token also learns that it is an EIP-3009 token (a cached chain fact).
    httpRequests = 0;
    const first = await facilitator.verify({ payload: await pay(buyer.account, requirements), requirements });
    expect(first.isValid).toBe(true);
    expect(httpRequests).toBe(2);
    const payload = await pay(buyer.account, requirements);
    const before = [
      await chain.balanceOf(chain.usdc.address, buyer.address),
      await chain.balanceOf(chain.usdc.address, seller.address),
    ];
    httpRequests = 0;
    expect(await facilitator.verify({ payload, requirements })).toEqual({
      isValid: true,
      payer: buyer.address,
    });
    expect(httpRequests).toBe(1);
    const after = [
      await chain.balanceOf(chain.usdc.address, buyer.address),
      await chain.balanceOf(chain.usdc.address, seller.address),
    ];
    expect(after).toEqual(before);
    const nonce = (payload.payload.authorization as { nonce: Hex }).nonce;
    const used = await chain.publicClient.readContract({
      address: chain.usdc.address,
      abi: eip3009Abi,
      functionName: "authorizationState",
      args: [buyer.address, nonce],
    });
    expect(used).toBe(false);
  });

  const cases: [
    string,
    string,
    () => Promise<{
      payload: Awaited<ReturnType<typeof pay>>;
      requirements: ReturnType<typeof requirementsFor>;
    }>,
  ][] = [
    [
      "a wrong amount",
      "invalid_exact_evm_payload_authorization_value_mismatch",
      async () => {
        const requirements = requirementsFor(chain);
        return {
          payload: await pay(
            chain.accounts.buyer.account,
            { ...requirements, amount: "9999" },
            { accepted: requirements },
          ),
          requirements,
        };
      },
    ],
    [
      "a wrong recipient",
      "invalid_exact_evm_payload_recipient_mismatch",
      async () => {
        const requirements = requirementsFor(chain);
        const signed = { ...requirements, payTo: chain.accounts.buyers[1]!.address };
        return {
          payload: await pay(chain.accounts.buyer.account, signed, { accepted: requirements }),
          requirements,
        };
      },
    ],
    [
      "an expired authorization",
      "invalid_exact_evm_payload_authorization_valid_before",
      async () => {
        const requirements = requirementsFor(chain);
        return {
          payload: await pay(chain.accounts.buyer.account, requirements, {
            now: Math.floor(Date.now() / 1000) - 120,
          }),
          requirements,
        };
      },
    ],
    [
      "an authorization not valid yet",
      "invalid_exact_evm_payload_authorization_valid_after",
      async () => {
        const requirements = requirementsFor(chain);
        return {
          payload: await pay(chain.accounts.buyer.account, requirements, {
            now: Math.floor(Date.now() / 1000) + 700,
          }),
          requirements,
        };
      },
    ],
    [
      "validBefore too far ahead",
      "invalid_exact_evm_payload_authorization_valid_before_too_far",
      async () => {
        const requirements = requirementsFor(chain);
        return {
          payload: await pay(
            chain.accounts.buyer.account,
            { ...requirements, maxTimeoutSeconds: 3600 },
            { accepted: requirements },
          ),
          requirements,
        };
      },
    ],
    [
      "a bad signature",
      "invalid_exact_evm_payload_signature",
      async () => {
        const requirements = requirementsFor(chain);
        const payload = await pay(chain.accounts.buyer.account, requirements);
        const signature = payload.payload.signature as Hex;
        const flipped =
          `${signature.slice(0, 10)}${signature[10] === "0" ? "1" : "0"}${signature.slice(11)}` as Hex;
        return { payload: withSignature(payload, flipped), requirements };
      },
    ],
    [
      "a signature for another chain id",
      "invalid_exact_evm_payload_signature",
      async () => {
        const requirements = requirementsFor(chain);
        return {
          payload: await pay(
            chain.accounts.buyer.account,
            { ...requirements, network: "eip155:8453" },
            { accepted: requirements },
          ),
          requirements,
        };
      },
    ],
    [
      "a signature for another token",
      "invalid_exact_evm_payload_signature",
      async () => {
        const requirements = requirementsFor(chain);
        const signed = { ...requirements, asset: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913" };
        return {
          payload: await pay(chain.accounts.buyer.account, signed, { accepted: requirements }),
          requirements,
        };
      },
    ],
    [
      "a signature for another EIP-712 name",
      "invalid_exact_evm_payload_signature",
      async () => {
        const requirements = requirementsFor(chain);
        const signed = { ...requirements, extra: { name: "USDC", version: "2" } };
        return {
          payload: await pay(chain.accounts.buyer.account, signed, { accepted: requirements }),
          requirements,
        };
      },
    ],
    [
      "a high-s (malleable) signature",
      "invalid_exact_evm_payload_signature",
      async () => {
        const requirements = requirementsFor(chain);
        const payload = await pay(chain.accounts.buyer.account, requirements);
        const { r, s, yParity } = parseSignature(payload.payload.signature as Hex);
        const twin = serializeSignature({
          r,
          s: numberToHex(secp256k1n - hexToBigInt(s), { size: 32 }),
          yParity: yParity === 0 ? 1 : 0,
        });
        return { payload: withSignature(payload, twin), requirements };
      },
    ],
    [
      "a payer without funds",
      "insufficient_funds",
      async () => {
        const requirements = requirementsFor(chain);
        return { payload: await pay(privateKeyToAccount(generatePrivateKey()), requirements), requirements };
      },
    ],
    [
      "an unknown network",
      "invalid_network",
      async () => {
        const requirements = requirementsFor(chain, { network: "eip155:999999" });
        return { payload: await pay(chain.accounts.buyer.account, requirements), requirements };
      },
    ],
    [
      "requirements without the EIP-712 domain",
      "invalid_payment_requirements",
      async () => {
        const requirements = requirementsFor(chain);
        return {
          payload: await pay(chain.accounts.buyer.account, requirements),
          requirements: { ...requirements, extra: {} },
        };
      },
    ],
    [
      "an asset with no contract",
      "invalid_payment_requirements",
      async () => {
        const requirements = requirementsFor(chain, { asset: chain.accounts.deployer.address });
        return { payload: await pay(chain.accounts.buyer.account, requirements), requirements };
      },
    ],
  ];

  it.each(cases)("refuses %s with %s", async (_, reason, make) => {
    const { payload, requirements } = await make();
    const response = await facilitator.verify({ payload, requirements });
    expect(response).toMatchObject({ isValid: false, invalidReason: reason });
    expect(response.invalidMessage).toEqual(expect.any(String));
    expect(response.payer).toBe((payload.payload.authorization as { from: string }).from);
  });

  it("refuses a smart-wallet-style signature from an address without code", async () => {
    const owner = chain.accounts.buyers[1]!.account;
    const requirements = requirementsFor(chain);
    const nobody = privateKeyToAccount(generatePrivateKey()).address;
    const payload = await pay({ address: nobody, signTypedData: owner.signTypedData }, requirements);
    expect(await facilitator.verify({ payload, requirements })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_exact_evm_payload_signature",
      payer: nobody,
    });
    // A signature that is not 65 bytes can only be a smart wallet's: this one is not deployed.
    const long = withSignature(payload, `${payload.payload.signature as Hex}00`);
    expect(await facilitator.verify({ payload: long, requirements })).toMatchObject({
      isValid: false,
      invalidReason: "invalid_exact_evm_payload_smart_wallet_not_deployed",
    });
  });
});
