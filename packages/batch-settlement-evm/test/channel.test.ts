import { createMemoryStore, type FacilitatorLike } from "@x402kit/core";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import type { PaymentPayload, PaymentRequirements, SettleResponse } from "@x402kit/types";
import { type LocalAccount, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BatchSettlementEvmClientReturnType,
  batchSettlementEvmClient,
} from "../src/client/batchSettlementEvmClient.js";
import { batchSettlementEvmFacilitator } from "../src/facilitator/batchSettlementEvmFacilitator.js";
import { readChannelState } from "../src/facilitator/readChannelState.js";
import {
  type BatchSettlementEvmServerReturnType,
  batchSettlementEvmServer,
} from "../src/server/batchSettlementEvmServer.js";
import { createChannelManager } from "../src/server/createChannelManager.js";
import { localFacilitator } from "./localFacilitator.js";

// The scheme's three sides on one chain, driven the way core's engine drives a stateful scheme: verifyPayment,
// the handler, settlePayment (or cancelPayment), and every answer back to the client's onPaymentAnswer. The HTTP
// path through the engine is tested in apps/interop and the engine's own tests.
let chain: TestChain;
let facilitator: FacilitatorLike;
let calls: ReturnType<typeof localFacilitator>["calls"];
let requirements: PaymentRequirements;
const authorizer = privateKeyToAccount(generatePrivateKey());
const price = 1_000n;

beforeAll(async () => {
  chain = await startTestChain({ buyers: 4 });
  const scheme = batchSettlementEvmFacilitator({
    networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
    pollingIntervalMs: 50,
  });
  ({ facilitator, calls } = localFacilitator(scheme));
  requirements = await newServer().buildRequirements({
    network: chain.network,
    price: {
      kind: "atomic",
      asset: chain.usdc.address,
      amount: price.toString(),
      extra: { name: chain.usdc.name, version: chain.usdc.version },
    },
    payTo: chain.accounts.seller.address,
    maxTimeoutSeconds: 300,
  });
});

afterAll(async () => {
  await chain?.stop();
});

function newServer(store = createMemoryStore()) {
  return batchSettlementEvmServer({ store, receiverAuthorizer: authorizer });
}

function newClient(payer: LocalAccount, options: { recover?: boolean } = {}) {
  return batchSettlementEvmClient({
    account: payer,
    ...(options.recover === false ? {} : { publicClients: { [chain.network]: chain.publicClient } }),
  });
}

type Outcome = {
  status: number;
  settlement?: SettleResponse | undefined;
  error?: string | undefined;
  payments: number;
};

/** One paid request: what core's engine and wrapFetch do with a stateful scheme, once more after a corrective 402. */
async function request(
  client: BatchSettlementEvmClientReturnType,
  server: BatchSettlementEvmServerReturnType,
  options: { charge?: bigint; handlerFails?: boolean; offered?: PaymentRequirements } = {},
): Promise<Outcome> {
  let offered = options.offered ?? requirements;
  for (let payments = 1; ; payments++) {
    const { payload: scheme } = await client.createPaymentPayload({ requirements: offered });
    const payload: PaymentPayload = { x402Version: 2, accepted: offered, payload: scheme };
    const verified = await server.verifyPayment({ payload, requirements: offered, facilitator });
    if (!verified.verification.isValid) {
      const error = verified.verification.invalidReason;
      const paymentRequired = {
        x402Version: 2 as const,
        error,
        resource: { url: "http://test/" },
        accepts: verified.accepts ?? [requirements],
      };
      const answered = await client.onPaymentAnswer({
        requirements: offered,
        payload: scheme,
        answer: { status: 402, settlement: undefined, paymentRequired },
      });
      if (answered?.retry && payments < 2) {
        offered = paymentRequired.accepts[0]!;
        continue;
      }
      return { status: 402, error, payments };
    }
    if (options.handlerFails) {
      await server.cancelPayment({ payload, requirements: offered, verification: verified.verification });
      await client.onPaymentAnswer({
        requirements: offered,
        payload: scheme,
        answer: { status: 500, settlement: undefined, paymentRequired: undefined },
      });
      return { status: 500, payments };
    }
    const settlement = await server.settlePayment({
      payload,
      requirements: offered,
      verification: verified.verification,
      settlementAmount: options.charge,
      facilitator,
    });
    const status = settlement.success ? 200 : 402;
    await client.onPaymentAnswer({
      requirements: offered,
      payload: scheme,
      answer: { status, settlement, paymentRequired: undefined },
    });
    return { status, settlement, error: settlement.errorReason, payments };
  }
}

const usdc = () => chain.usdc.address;
const balance = (owner: `0x${string}`) => chain.balanceOf(usdc(), owner);

describe("batch-settlement: deposit, vouchers, claim and sweep", () => {
  it("deposits once, serves vouchers without the facilitator, tops up, and pays the receiver exactly what was charged", async () => {
    const payer = chain.accounts.buyers[0]!.account;
    const server = newServer();
    const client = newClient(payer);
    const [payerBefore, sellerBefore] = [
      await balance(payer.address),
      await balance(chain.accounts.seller.address),
    ];
    const before = { ...calls };

    const first = await request(client, server);
    expect(first).toMatchObject({
      status: 200,
      settlement: { success: true, amount: "5000", extra: { chargedAmount: "1000" } },
    });
    expect(first.settlement!.transaction).toMatch(/^0x[0-9a-f]{64}$/);
    for (let i = 0; i < 4; i++)
      expect(await request(client, server)).toMatchObject({
        status: 200,
        settlement: {
          success: true,
          transaction: "",
          amount: "",
          extra: { chargedAmount: "1000", channelState: { chargedCumulativeAmount: String((i + 2) * 1000) } },
        },
      });
    // One verify and one settle for the deposit; the four vouchers never reached the facilitator.
    expect(calls.verify - before.verify).toBe(1);
    expect(calls.settle - before.settle).toBe(1);
    // The sixth request would exceed the 5 000 deposited: it tops up. Its handler reports a cheaper charge (400).
    expect(await request(client, server, { charge: 400n })).toMatchObject({
      status: 200,
      settlement: { success: true, amount: "5000", extra: { chargedAmount: "400" } },
    });
    expect(await request(client, server)).toMatchObject({
      status: 200,
      settlement: {
        transaction: "",
        extra: { channelState: { chargedCumulativeAmount: "6400", balance: "10000" } },
      },
    });
    const { channelId } = await client.channel(requirements);
    expect(await readChannelState({ client: chain.publicClient, channelId })).toMatchObject({
      balance: 10_000n,
      totalClaimed: 0n,
    });

    const manager = createChannelManager({
      store: server.store,
      facilitator,
      network: chain.network,
      payTo: requirements.payTo,
      asset: usdc(),
      authorizer,
    });
    const claimed = await manager.claim();
    expect(claimed).toMatchObject({ channels: 1, transactions: [expect.stringMatching(/^0x/)] });
    expect(await readChannelState({ client: chain.publicClient, channelId })).toMatchObject({
      totalClaimed: 6_400n,
    });
    expect(await manager.claim()).toEqual({ channels: 0, transactions: [] });
    expect(await manager.settle()).toMatchObject({ success: true, amount: "6400" });
    expect(await manager.settle()).toBeUndefined();
    expect(await balance(chain.accounts.seller.address)).toBe(sellerBefore + 6_400n);
    expect(await balance(payer.address)).toBe(payerBefore - 10_000n);
  });
});

describe("batch-settlement: refused or recovered, nothing lost", () => {
  it("refuses a replayed or stale voucher, one beyond the deposit, and a second request in flight on the channel", async () => {
    const payer = chain.accounts.buyers[1]!.account;
    const server = newServer();
    const client = newClient(payer);
    expect(await request(client, server)).toMatchObject({ status: 200 });
    const { channelId, config } = await client.channel(requirements);

    // Replay: the same signed voucher again builds on a charge already made.
    const { payload: voucher } = await client.createPaymentPayload({ requirements });
    const payload: PaymentPayload = { x402Version: 2, accepted: requirements, payload: voucher };
    const verified = await server.verifyPayment({ payload, requirements, facilitator });
    expect(verified.verification.isValid).toBe(true);
    // A second request on the channel while the first is in flight.
    const other = {
      ...payload,
      payload: { ...voucher, voucher: { ...(voucher.voucher as object), signature: `0x${"11".repeat(65)}` } },
    };
    expect(
      (await server.verifyPayment({ payload: other, requirements, facilitator })).verification,
    ).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_channel_busy",
    });
    await server.settlePayment({
      payload,
      requirements,
      verification: verified.verification,
      settlementAmount: undefined,
      facilitator,
    });
    await client.onPaymentAnswer({ requirements, payload: voucher, answer: undefined });
    const replay = await server.verifyPayment({ payload, requirements, facilitator });
    expect(replay.verification).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_cumulative_amount_mismatch",
    });
    // The corrective 402 carries the server's state and the payer's own last voucher.
    expect(replay.accepts?.[0]?.extra).toMatchObject({
      channelState: { channelId, chargedCumulativeAmount: "2000", balance: "5000" },
      voucherState: {
        signedMaxClaimable: "2000",
        signature: (voucher.voucher as { signature: string }).signature,
      },
    });

    // Beyond the deposit: a voucher the payer signs for more than the channel holds, on the right cumulative base.
    const signed = await payer.signTypedData({
      domain: {
        name: "x402 Batch Settlement",
        version: "1",
        chainId: chain.chainId,
        verifyingContract: "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003",
      },
      types: {
        Voucher: [
          { name: "channelId", type: "bytes32" },
          { name: "maxClaimableAmount", type: "uint128" },
        ],
      },
      primaryType: "Voucher",
      message: { channelId, maxClaimableAmount: 7_000n },
    });
    const greedy = { ...requirements, amount: "5000" };
    const beyond: PaymentPayload = {
      x402Version: 2,
      accepted: greedy,
      payload: {
        type: "voucher",
        channelConfig: config,
        voucher: { channelId, maxClaimableAmount: "7000", signature: signed },
      },
    };
    expect(
      (await server.verifyPayment({ payload: beyond, requirements: greedy, facilitator })).verification,
    ).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_cumulative_exceeds_balance",
    });
    // A failed handler charges nothing: the next request builds on the same total.
    expect(await request(client, server, { handlerFails: true })).toMatchObject({ status: 500 });
    expect(await request(client, server)).toMatchObject({
      status: 200,
      settlement: { extra: { channelState: { chargedCumulativeAmount: "3000" } } },
    });
  });

  it("recovers a client that lost its record, from the chain and the corrective 402, and a server that lost its own", async () => {
    const payer = chain.accounts.buyers[2]!.account;
    const server = newServer();
    const first = newClient(payer);
    for (let i = 0; i < 3; i++) expect(await request(first, server)).toMatchObject({ status: 200 });

    // A new client (lost state) reads the chain: charged 0 claimed, balance 5 000; the server says 3 000 charged.
    const revived = newClient(payer);
    expect(await request(revived, server)).toMatchObject({
      status: 200,
      payments: 2,
      settlement: { extra: { channelState: { chargedCumulativeAmount: "4000" } } },
    });
    // Without a chain client: it deposits again, is corrected, and pays with a voucher.
    const blind = newClient(payer, { recover: false });
    expect(await request(blind, server)).toMatchObject({
      status: 200,
      payments: 2,
      settlement: { extra: { channelState: { chargedCumulativeAmount: "5000" } } },
    });
    // A corrective 402 whose voucher the client did not sign is not adopted.
    const forged = structuredClone(requirements);
    forged.extra = {
      ...forged.extra,
      channelState: {
        channelId: (await blind.channel(requirements)).channelId,
        balance: "5000",
        totalClaimed: "0",
        withdrawRequestedAt: 0,
        refundNonce: "0",
        chargedCumulativeAmount: "4999",
      },
      voucherState: {
        signedMaxClaimable: "4999",
        signature: await chain.accounts.buyers[3]!.account.signMessage({ message: "x" }),
      },
    };
    const { payload: scheme } = await blind.createPaymentPayload({ requirements });
    expect(
      await blind.onPaymentAnswer({
        requirements,
        payload: scheme,
        answer: {
          status: 402,
          settlement: undefined,
          paymentRequired: {
            x402Version: 2,
            error: "invalid_batch_settlement_evm_cumulative_amount_mismatch",
            resource: { url: "x" },
            accepts: [forged],
          },
        },
      }),
    ).toEqual({ retry: false });

    // The server loses its store: the client's voucher is checked by the facilitator against the chain and accepted.
    const amnesiac = newServer();
    expect(await request(revived, amnesiac)).toMatchObject({
      status: 200,
      settlement: { extra: { channelState: { chargedCumulativeAmount: "5000" } } },
    });
  });

  it("refunds the unclaimed balance cooperatively, claiming what was charged in the same transaction", async () => {
    const payer = chain.accounts.buyers[3]!.account;
    const server = newServer();
    const client = newClient(payer);
    for (let i = 0; i < 2; i++) expect(await request(client, server)).toMatchObject({ status: 200 });
    const { channelId } = await client.channel(requirements);
    const [payerBefore, sellerBefore] = [
      await balance(payer.address),
      await balance(chain.accounts.seller.address),
    ];

    const refund = await client.createRefundPayload(requirements);
    const payload: PaymentPayload = { x402Version: 2, accepted: requirements, payload: refund };
    const verified = await server.verifyPayment({ payload, requirements, facilitator });
    expect(verified).toMatchObject({ verification: { isValid: true }, withoutHandler: true });
    const settled = await server.settlePayment({
      payload,
      requirements,
      verification: verified.verification,
      settlementAmount: undefined,
      facilitator,
    });
    await client.onPaymentAnswer({
      requirements,
      payload: refund,
      answer: { status: 200, settlement: settled, paymentRequired: undefined },
    });
    expect(settled).toMatchObject({
      success: true,
      amount: "3000",
      extra: {
        channelState: {
          balance: "2000",
          totalClaimed: "2000",
          chargedCumulativeAmount: "2000",
          refundNonce: "1",
        },
      },
    });
    expect(await balance(payer.address)).toBe(payerBefore + 3_000n);
    expect(await readChannelState({ client: chain.publicClient, channelId })).toMatchObject({
      balance: 2_000n,
      totalClaimed: 2_000n,
    });
    expect(await server.store.getChannel(channelId)).toBeUndefined();
    expect((await client.channel(requirements)).state).toBeUndefined();
    // The claimed 2 000 is the receiver's; the channel can be funded again and the payer pays on from the chain.
    expect(await request(client, server)).toMatchObject({ status: 200, settlement: { amount: "5000" } });
    const manager = createChannelManager({
      store: server.store,
      facilitator,
      network: chain.network,
      payTo: requirements.payTo,
      asset: usdc(),
      authorizer,
    });
    await manager.claimAndSettle();
    expect(await balance(chain.accounts.seller.address)).toBe(sellerBefore + 3_000n);
  });

  it("stops signing for a server that charges more than the price", async () => {
    const payer = privateKeyToAccount(generatePrivateKey());
    const client = newClient(payer, { recover: false });
    const { payload } = await client.createPaymentPayload({ requirements });
    await client.onPaymentAnswer({
      requirements,
      payload,
      answer: {
        status: 200,
        settlement: {
          success: true,
          transaction: toHex(1, { size: 32 }),
          network: chain.network,
          extra: { chargedAmount: "1001" },
        },
        paymentRequired: undefined,
      },
    });
    await expect(client.createPaymentPayload({ requirements })).rejects.toThrow(/suspended/);
  });
});
