import { createResourceServer, type FacilitatorLike, parsePrice } from "@x402kit/core";
import { startTestChain, type TestAccount, type TestChainWithPermit2 } from "@x402kit/testchain";
import {
  decodePaymentRequiredHeader,
  encodePaymentSignatureHeader,
  type PaymentPayload,
  type PaymentRequirements,
} from "@x402kit/types";
import { type Address, decodeFunctionData, erc20Abi, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactPermit2ProxyAbi } from "../src/abis.js";
import { exactEvmClient } from "../src/client/exactEvmClient.js";
import { signPermit2Authorization } from "../src/client/signPermit2Authorization.js";
import { exactPermit2ProxyAddress, permit2Address } from "../src/constants.js";
import { eip2612GasSponsoringExtension } from "../src/extensions/eip2612GasSponsoringExtension.js";
import { exactEvmFacilitator } from "../src/facilitator/exactEvmFacilitator.js";
import { exactPermit2WitnessType } from "../src/permit2Types.js";
import { exactEvmServer } from "../src/server/exactEvmServer.js";
import { recordBroadcasts } from "./helpers.js";

// MockERC20Permit (chain.permit2Token) has EIP-2612 and no EIP-3009: Permit2 is the only way it can pay.
let chain: TestChainWithPermit2;
let facilitator: ReturnType<typeof exactEvmFacilitator>;
let requirements: PaymentRequirements;
let approved: TestAccount;
let unapproved: TestAccount;
let sponsored: TestAccount;
let sponsoredOverHttp: TestAccount;
const amount = 10_000n; // $0.01 of a 6-decimal token

beforeAll(async () => {
  chain = await startTestChain({ permit2: true, buyers: 4 });
  [approved, unapproved, sponsored, sponsoredOverHttp] = chain.accounts.buyers as [
    TestAccount,
    TestAccount,
    TestAccount,
    TestAccount,
  ];
  await chain.permit2.approve(approved);
  facilitator = exactEvmFacilitator({
    networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
    pollingIntervalMs: 50,
  });
  const server = exactEvmServer({
    assets: { [chain.network]: { ...chain.permit2Token, transferMethod: "permit2" } },
  });
  requirements = server.buildRequirements({
    network: chain.network,
    price: parsePrice("$0.01"),
    payTo: chain.accounts.seller.address,
    maxTimeoutSeconds: 120,
  });
});
afterAll(async () => {
  await chain?.stop();
});

/** The exact client's payment for `signed` (default: the route's requirements), claiming `requirements`. */
async function pay(
  buyer: TestAccount,
  signed: PaymentRequirements = requirements,
  options: { now?: () => number; offered?: PaymentPayload["extensions"] } = {},
): Promise<PaymentPayload> {
  const client = exactEvmClient({
    account: buyer.account,
    publicClient: chain.publicClient,
    ...(options.now ? { now: options.now } : {}),
  });
  const created = await client.createPaymentPayload({ requirements: signed, extensions: options.offered });
  return {
    x402Version: 2,
    accepted: requirements,
    payload: created.payload,
    ...(created.extensions ? { extensions: created.extensions } : {}),
  };
}

const tokenOf = (owner: Address) => chain.balanceOf(chain.permit2Token.address, owner);
const balances = async (buyer: TestAccount) => ({
  buyer: await tokenOf(buyer.address),
  seller: await tokenOf(chain.accounts.seller.address),
});
const proxyCall = async (hash: string) =>
  decodeFunctionData({
    abi: exactPermit2ProxyAbi,
    data: (await chain.publicClient.getTransaction({ hash: hash as Hex })).input,
  }).functionName;

describe("exact with Permit2 on the local chain", () => {
  it("prices a Permit2 asset with assetTransferMethod permit2 and announces EIP-2612 gas sponsoring", () => {
    expect(requirements).toEqual({
      scheme: "exact",
      network: chain.network,
      amount: amount.toString(),
      asset: chain.permit2Token.address,
      payTo: chain.accounts.seller.address,
      maxTimeoutSeconds: 120,
      extra: { name: "Permit Dollar", version: "1", assetTransferMethod: "permit2" },
    });
    expect(facilitator.extensions()).toEqual(["eip2612GasSponsoring"]);
  });

  it("settles through the exact proxy's settle, moving exactly the amount; a replay moves nothing", async () => {
    const payload = await pay(approved);
    expect(await facilitator.verify({ payload, requirements })).toEqual({
      isValid: true,
      payer: approved.address,
    });
    const before = await balances(approved);
    const { context, hashes } = recordBroadcasts();
    const settled = await facilitator.settle({ payload, requirements }, context);
    expect(settled).toEqual({
      success: true,
      transaction: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      network: chain.network,
      payer: approved.address,
      amount: amount.toString(),
    });
    expect(hashes).toEqual([settled.transaction]);
    const after = await balances(approved);
    expect(before.buyer - after.buyer).toBe(amount);
    expect(after.seller - before.seller).toBe(amount);
    const transaction = await chain.publicClient.getTransaction({ hash: settled.transaction as Hex });
    expect(transaction.to?.toLowerCase()).toBe(exactPermit2ProxyAddress.toLowerCase());
    expect(await proxyCall(settled.transaction)).toBe("settle");
    expect(
      await facilitator.resolveBroadcast({
        transaction: settled.transaction,
        network: chain.network,
        requirements,
        payload,
      }),
    ).toMatchObject({ success: true, transaction: settled.transaction, amount: amount.toString() });

    // The Permit2 nonce is spent: the same authorization is refused before anything is sent.
    const { nonce } = (payload.payload as { permit2Authorization: { nonce: string } }).permit2Authorization;
    expect(facilitator.settlementKey({ payload, requirements })).toBe(
      `${chain.network}:${chain.permit2Token.address.toLowerCase()}:${approved.address.toLowerCase()}:${nonce}`,
    );
    const again = recordBroadcasts();
    expect(await facilitator.settle({ payload, requirements }, again.context)).toMatchObject({
      success: false,
      errorReason: "invalid_exact_evm_payload_authorization_nonce_used",
      transaction: "",
    });
    expect(again.hashes).toEqual([]);
    expect(await balances(approved)).toEqual(after);
  });

  it("cannot pay this token with EIP-3009: it has no transferWithAuthorization", async () => {
    const eip3009 = { ...requirements, extra: { name: "Permit Dollar", version: "1" } };
    const client = exactEvmClient({ account: approved.account });
    const { payload } = await client.createPaymentPayload({ requirements: eip3009 });
    expect(
      await facilitator.verify({
        payload: { x402Version: 2, accepted: eip3009, payload },
        requirements: eip3009,
      }),
    ).toMatchObject({ isValid: false, invalidReason: "invalid_payment_requirements" });
  });

  it("asks a payer without a Permit2 allowance to approve (permit2_allowance_required) and moves nothing", async () => {
    const payload = await pay(unapproved);
    const before = await balances(unapproved);
    expect(await facilitator.verify({ payload, requirements })).toMatchObject({
      isValid: false,
      invalidReason: "permit2_allowance_required",
      payer: unapproved.address,
    });
    const { context, hashes } = recordBroadcasts();
    expect(await facilitator.settle({ payload, requirements }, context)).toMatchObject({
      success: false,
      errorReason: "permit2_allowance_required",
      transaction: "",
    });
    expect(hashes).toEqual([]);
    expect(await balances(unapproved)).toEqual(before);
  });

  it("settles without any approval through settleWithPermit when the payload carries an EIP-2612 permit", async () => {
    const payload = await pay(sponsored, requirements, { offered: eip2612GasSponsoringExtension() });
    expect(payload.extensions?.eip2612GasSponsoring).toMatchObject({
      info: {
        from: sponsored.address,
        asset: chain.permit2Token.address,
        spender: permit2Address,
        amount: amount.toString(),
      },
    });
    expect(await facilitator.verify({ payload, requirements })).toEqual({
      isValid: true,
      payer: sponsored.address,
    });
    const before = await balances(sponsored);
    const settled = await facilitator.settle({ payload, requirements }, recordBroadcasts().context);
    expect(settled).toMatchObject({ success: true, amount: amount.toString() });
    expect(await proxyCall(settled.transaction)).toBe("settleWithPermit");
    const after = await balances(sponsored);
    expect(before.buyer - after.buyer).toBe(amount);
    expect(after.seller - before.seller).toBe(amount);
    // The permit approved exactly the payment, and Permit2 spent it.
    const allowance = await chain.publicClient.readContract({
      address: chain.permit2Token.address,
      abi: erc20Abi,
      functionName: "allowance",
      args: [sponsored.address, permit2Address],
    });
    expect(allowance).toBe(0n);
  });

  it.each([
    [
      "invalid_permit2_recipient_mismatch",
      () => pay(approved, { ...requirements, payTo: unapproved.address }),
    ],
    ["invalid_permit2_amount_mismatch", () => pay(approved, { ...requirements, amount: "9999" })],
    ["invalid_permit2_token_mismatch", () => pay(approved, { ...requirements, asset: chain.usdc.address })],
    [
      "permit2_deadline_expired",
      () => pay(approved, requirements, { now: () => Math.floor(Date.now() / 1000) - 3_600 }),
    ],
    [
      "permit2_not_yet_valid",
      () => pay(approved, requirements, { now: () => Math.floor(Date.now() / 1000) + 3_600 }),
    ],
    [
      "invalid_permit2_spender",
      async (): Promise<PaymentPayload> => {
        const now = BigInt(Math.floor(Date.now() / 1000));
        const payload = await signPermit2Authorization({
          account: approved.account,
          chainId: chain.chainId,
          permitted: { token: chain.permit2Token.address, amount },
          spender: chain.permit2.uptoProxy, // another proxy: it would not enforce the exact terms
          deadline: now + 120n,
          witness: { to: chain.accounts.seller.address, validAfter: now - 600n },
          witnessType: exactPermit2WitnessType,
        });
        return { x402Version: 2, accepted: requirements, payload };
      },
    ],
    [
      "invalid_permit2_signature",
      async (): Promise<PaymentPayload> => {
        const payload = await pay(unapproved);
        const inner = payload.payload as { permit2Authorization: { from: string } };
        inner.permit2Authorization.from = approved.address; // signed by someone else
        return payload;
      },
    ],
  ] as const)("refuses %s, and settle moves nothing", async (reason, make) => {
    const payload = await make();
    expect(await facilitator.verify({ payload, requirements })).toMatchObject({
      isValid: false,
      invalidReason: reason,
    });
    const before = await balances(approved);
    const { context, hashes } = recordBroadcasts();
    expect(await facilitator.settle({ payload, requirements }, context)).toMatchObject({
      success: false,
      errorReason: reason,
      transaction: "",
    });
    expect(hashes).toEqual([]);
    expect(await balances(approved)).toEqual(before);
  });
});

describe("exact with Permit2 behind the resource-server engine", () => {
  it("answers 412 for a missing allowance, and accepts the payment once it carries an EIP-2612 permit", async () => {
    const inProcess: FacilitatorLike = {
      verify: (request) =>
        facilitator.verify({
          payload: request.paymentPayload as PaymentPayload,
          requirements: request.paymentRequirements as PaymentRequirements,
        }),
      settle: (request) =>
        facilitator.settle(
          {
            payload: request.paymentPayload as PaymentPayload,
            requirements: request.paymentRequirements as PaymentRequirements,
          },
          { onBroadcast: async () => {} },
        ),
      supported: async () => ({
        kinds: facilitator.supportedKinds(),
        extensions: facilitator.extensions(),
        signers: facilitator.signers(),
      }),
    };
    const engine = createResourceServer({
      routes: {
        "GET /data": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            price: "$0.01",
            payTo: chain.accounts.seller.address,
          },
          extensions: eip2612GasSponsoringExtension(),
        },
      },
      schemes: [
        exactEvmServer({ assets: { [chain.network]: { ...chain.permit2Token, transferMethod: "permit2" } } }),
      ],
      facilitator: inProcess,
    });
    const get = (headers: Record<string, string> = {}) =>
      engine.processRequest({
        method: "GET",
        url: "http://127.0.0.1/data",
        header: (name) =>
          Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
      });
    const unpaid = await get();
    if (unpaid.type !== "respond") throw new Error(`expected a 402, got ${unpaid.type}`);
    const offered = decodePaymentRequiredHeader(unpaid.response.headers["PAYMENT-REQUIRED"]!);
    expect(unpaid.response.status).toBe(402);
    expect(offered.extensions).toHaveProperty("eip2612GasSponsoring");
    const accepted = offered.accepts[0]!;

    // Without a permit, the payer who never approved Permit2 is told to: 412, with PAYMENT-REQUIRED.
    const plain = await exactEvmClient({ account: sponsoredOverHttp.account }).createPaymentPayload({
      requirements: accepted,
      extensions: offered.extensions,
    });
    const refused = await get({
      "PAYMENT-SIGNATURE": encodePaymentSignatureHeader({ x402Version: 2, accepted, payload: plain.payload }),
    });
    if (refused.type !== "respond") throw new Error(`expected a 412, got ${refused.type}`);
    expect(refused.response.status).toBe(412);
    expect(decodePaymentRequiredHeader(refused.response.headers["PAYMENT-REQUIRED"]!).error).toBe(
      "permit2_allowance_required",
    );

    // A client that can read the allowance adds the permit the 402 offered: paid, settled, no approval sent.
    const before = await balances(sponsoredOverHttp);
    const created = await exactEvmClient({
      account: sponsoredOverHttp.account,
      publicClient: chain.publicClient,
    }).createPaymentPayload({ requirements: accepted, extensions: offered.extensions });
    const paid = await get({
      "PAYMENT-SIGNATURE": encodePaymentSignatureHeader({
        x402Version: 2,
        accepted,
        payload: created.payload,
        ...(created.extensions ? { extensions: created.extensions } : {}),
      }),
    });
    if (paid.type !== "paid") throw new Error(`expected a verified payment, got ${paid.type}`);
    const outcome = await paid.payment.settle({ status: 200 });
    expect(outcome).toMatchObject({ type: "deliver", settlement: { success: true } });
    const after = await balances(sponsoredOverHttp);
    expect(before.buyer - after.buyer).toBe(amount);
    expect(after.seller - before.seller).toBe(amount);
  });
});
