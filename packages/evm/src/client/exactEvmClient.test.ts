import {
  evmAddressSchema,
  exactEvmEip3009PayloadSchema,
  exactEvmPermit2PayloadSchema,
  type PaymentRequirements,
} from "@x402kit/types";
import { hashTypedData, recoverAddress } from "viem";
import { describe, expect, it } from "vitest";
import { baseSepoliaRequirements, buyer } from "../../test/offline.js";
import { exactPermit2ProxyAddress } from "../constants.js";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { eip2612GasSponsoringExtension } from "../extensions/eip2612GasSponsoringExtension.js";
import { exactPermit2WitnessType } from "../permit2Types.js";
import { eip3009TypedData } from "../utils/eip3009TypedData.js";
import { parseEip3009Authorization } from "../utils/parseEip3009Authorization.js";
import { parsePermit2Authorization } from "../utils/parsePermit2Authorization.js";
import { permit2WitnessTypedData } from "../utils/permit2WitnessTypedData.js";
import { exactEvmClient } from "./exactEvmClient.js";

const account = buyer;
const requirements: PaymentRequirements = baseSepoliaRequirements;
const now = 1_740_672_000;
const client = exactEvmClient({ account, now: () => now });

describe("exactEvmClient", () => {
  it("declares the exact scheme on every EVM network by default", () => {
    expect(client.scheme).toBe("exact");
    expect(client.networks).toEqual(["eip155:*"]);
    expect(exactEvmClient({ account, networks: ["eip155:8453"] }).networks).toEqual(["eip155:8453"]);
  });

  it("signs an authorization for payTo and the exact amount, in the window now-600 .. now+maxTimeout", async () => {
    const { payload } = await client.createPaymentPayload({ requirements });
    const parsed = exactEvmEip3009PayloadSchema.parse(payload);
    expect(parsed.authorization).toMatchObject({
      from: account.address,
      to: requirements.payTo,
      value: "10000",
      validAfter: String(now - 600),
      validBefore: String(now + 60),
    });
    expect(evmAddressSchema.safeParse(parsed.authorization.from).success).toBe(true);
    const hash = hashTypedData(
      eip3009TypedData({
        domain: {
          name: "USDC",
          version: "2",
          chainId: 84532,
          verifyingContract: requirements.asset as `0x${string}`,
        },
        authorization: parseEip3009Authorization(parsed.authorization),
      }),
    );
    expect(await recoverAddress({ hash, signature: parsed.signature as `0x${string}` })).toBe(
      account.address,
    );
  });

  it("uses a fresh 32-byte random nonce for every payment", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { payload } = await client.createPaymentPayload({ requirements });
      const { nonce } = exactEvmEip3009PayloadSchema.parse(payload).authorization;
      expect(nonce).toMatch(/^0x[0-9a-f]{64}$/);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(20);
  });

  it.each([
    ["no EIP-712 domain", { extra: {} }, "invalid_payment_requirements"],
    ["no version", { extra: { name: "USDC" } }, "invalid_payment_requirements"],
    ["a non-EVM network", { network: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp" }, "invalid_network"],
    ["another scheme", { scheme: "upto" }, "invalid_payment_requirements"],
    ["a bad asset", { asset: "usdc" }, "invalid_payment_requirements"],
  ])("refuses requirements with %s", async (_, change, code) => {
    const promise = client.createPaymentPayload({ requirements: { ...requirements, ...change } });
    await expect(promise).rejects.toBeInstanceOf(ExactEvmError);
    await expect(promise).rejects.toMatchObject({ code });
  });

  it("signs Permit2's PermitWitnessTransferFrom to the exact proxy when the requirements ask for Permit2", async () => {
    const permit2 = { ...requirements, extra: { ...requirements.extra, assetTransferMethod: "permit2" } };
    const created = await client.createPaymentPayload({ requirements: permit2 });
    const { signature, permit2Authorization } = exactEvmPermit2PayloadSchema.parse(created.payload);
    expect(permit2Authorization).toEqual({
      permitted: { token: requirements.asset, amount: "10000" },
      from: account.address,
      spender: exactPermit2ProxyAddress,
      nonce: expect.stringMatching(/^\d+$/), // a uint256 in decimal, as on the wire
      deadline: String(now + 60),
      witness: { to: requirements.payTo, validAfter: String(now - 600) },
    });
    const hash = hashTypedData(
      permit2WitnessTypedData({
        chainId: 84532,
        authorization: parsePermit2Authorization(permit2Authorization),
        witnessType: exactPermit2WitnessType,
      }),
    );
    expect(await recoverAddress({ hash, signature: signature as `0x${string}` })).toBe(account.address);
    // No EIP-2612 permit without a client to read the allowance with, even when the 402 offers sponsoring.
    const offered = await client.createPaymentPayload({
      requirements: permit2,
      extensions: eip2612GasSponsoringExtension(),
    });
    expect(offered.extensions).toBeUndefined();
  });
});
