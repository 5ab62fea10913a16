import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryStore, type FacilitatorLike } from "@x402kit/core";
import { createFacilitator, createSqliteStore } from "@x402kit/facilitator";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { pino } from "pino";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchSettlementAbi } from "../src/abis.js";
import { batchSettlementEvmClient } from "../src/client/batchSettlementEvmClient.js";
import { batchSettlementAddress } from "../src/constants.js";
import { batchSettlementEvmFacilitator } from "../src/facilitator/batchSettlementEvmFacilitator.js";
import { readChannelState } from "../src/facilitator/readChannelState.js";
import { batchSettlementEvmServer } from "../src/server/batchSettlementEvmServer.js";
import { type ChannelManager, createChannelManager } from "../src/server/createChannelManager.js";
import { claimPayload } from "./channelFixture.js";
import { localFacilitator } from "./localFacilitator.js";

// The races and the crash of issue 16 on the chain, each refused or recovered with nothing lost: a refund raced by a
// second refund, a timed withdrawal raced by the server's claim, and a facilitator that dies between a claim's
// broadcast and its receipt (its SQLite store survives; the server's manager re-sends the claim).
let chain: TestChain;
const authorizer = privateKeyToAccount(generatePrivateKey());
const price = 1_000n;

beforeAll(async () => {
  chain = await startTestChain({ buyers: 4 });
});

afterAll(async () => {
  await chain?.stop();
});

function schemeFacilitator(receiptTimeoutMs?: number, signer = chain.accounts.facilitator.account) {
  return batchSettlementEvmFacilitator({
    networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer } },
    pollingIntervalMs: 50,
    ...(receiptTimeoutMs ? { receiptTimeoutMs } : {}),
  });
}

async function openChannel(buyer: number, facilitator: FacilitatorLike, requests: number) {
  const server = batchSettlementEvmServer({ store: createMemoryStore(), receiverAuthorizer: authorizer });
  const requirements = await server.buildRequirements({
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
  const payer = chain.accounts.buyers[buyer]!.account;
  const client = batchSettlementEvmClient({
    account: payer,
    publicClients: { [chain.network]: chain.publicClient },
  });
  for (let i = 0; i < requests; i++) {
    const { payload: body } = await client.createPaymentPayload({ requirements });
    const payload: PaymentPayload = { x402Version: 2, accepted: requirements, payload: body };
    const { verification } = await server.verifyPayment({ payload, requirements, facilitator });
    expect(verification.isValid, verification.invalidReason).toBe(true);
    const settlement = await server.settlePayment({
      payload,
      requirements,
      verification,
      settlementAmount: undefined,
      facilitator,
    });
    expect(settlement.success, settlement.errorReason).toBe(true);
    await client.onPaymentAnswer({
      requirements,
      payload: body,
      answer: { status: 200, settlement, paymentRequired: undefined },
    });
  }
  const manager = createChannelManager({
    store: server.store,
    facilitator,
    network: chain.network,
    payTo: requirements.payTo,
    asset: chain.usdc.address,
    authorizer,
    publicClient: chain.publicClient,
  });
  const { channelId, config } = await client.channel(requirements);
  return { server, client, requirements, payer, manager, channelId, config };
}

/** The server's claim of every claimable channel, as its manager would send it, for a facilitator's /settle. */
async function claimRequest(manager: ChannelManager, requirements: PaymentRequirements) {
  const rows = (await manager.claimable()).map(({ state: s }) => ({
    voucher: { channel: s.channelConfig, maxClaimableAmount: s.signedMaxClaimable },
    signature: s.signature,
    totalClaimed: s.chargedCumulativeAmount,
  }));
  const payload = await claimPayload(chain, rows, authorizer);
  const accepted = { ...requirements, amount: "0", maxTimeoutSeconds: 0, extra: {} };
  return {
    x402Version: 2 as const,
    paymentPayload: { x402Version: 2 as const, accepted, payload },
    paymentRequirements: accepted,
  };
}

const receiverTotals = () =>
  chain.publicClient.readContract({
    address: batchSettlementAddress,
    abi: batchSettlementAbi,
    functionName: "receivers",
    args: [chain.accounts.seller.address, chain.usdc.address],
  });

const state = (channelId: Hex) => readChannelState({ client: chain.publicClient, channelId });

describe("batch-settlement safety on the chain", () => {
  it("a refund raced by a second refund: one returns the unclaimed balance, the other is refused, the server keeps its charge", async () => {
    const { facilitator } = localFacilitator(schemeFacilitator());
    const { client, server, requirements, payer, channelId } = await openChannel(0, facilitator, 3);
    const payerBefore = await chain.balanceOf(chain.usdc.address, payer.address);
    // Two refunds at once, from two client instances of the payer (the client serializes its own).
    const twin = batchSettlementEvmClient({
      account: payer,
      publicClients: { [chain.network]: chain.publicClient },
    });
    const refund = async (from: typeof client) => {
      const body = await from.createRefundPayload(requirements);
      const payload: PaymentPayload = { x402Version: 2, accepted: requirements, payload: body };
      const verified = await server.verifyPayment({ payload, requirements, facilitator });
      if (!verified.verification.isValid) {
        await from.onPaymentAnswer({ requirements, payload: body, answer: undefined });
        return verified.verification.invalidReason;
      }
      const settled = await server.settlePayment({
        payload,
        requirements,
        verification: verified.verification,
        settlementAmount: undefined,
        facilitator,
      });
      await from.onPaymentAnswer({
        requirements,
        payload: body,
        answer: { status: 200, settlement: settled, paymentRequired: undefined },
      });
      return settled.success ? `refunded ${settled.amount}` : settled.errorReason;
    };
    const outcomes = await Promise.all([refund(client), refund(twin)]);
    expect(outcomes.filter((o) => o === "refunded 2000")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "refunded 2000")).toHaveLength(1);
    expect(await chain.balanceOf(chain.usdc.address, payer.address)).toBe(payerBefore + 2_000n);
    // The server's 3 000 were claimed in the refund's transaction: nothing of it went back to the payer.
    expect(await state(channelId)).toMatchObject({ balance: 3_000n, totalClaimed: 3_000n, refundNonce: 1n });
  });

  it("a facilitator that dies between a claim's broadcast and its receipt: recovered from its store, claimed once", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "x402kit-bs-")), "facilitator.db");
    const logger = pino({ level: "silent" });
    const first = createFacilitator({
      schemes: [schemeFacilitator(300)],
      store: createSqliteStore({ path }),
      instanceId: "a",
      logger,
    });
    const { manager, server, channelId, requirements } = await openChannel(2, first, 4);
    const claimedBefore = await receiverTotals();

    // The claim leaves, but no block is mined before the facilitator gives up waiting and dies.
    await chain.setAutomine(false);
    const pending = await first.settle(await claimRequest(manager, requirements));
    expect(pending).toMatchObject({
      success: false,
      errorReason: "settlement_pending",
      transaction: expect.stringMatching(/^0x/),
    });
    await first.close();
    await chain.mine();
    await chain.setAutomine(true);

    // The restarted facilitator resolves the claim from its store and the chain.
    const second = createFacilitator({
      schemes: [schemeFacilitator()],
      store: createSqliteStore({ path }),
      instanceId: "a",
      logger,
    });
    expect(await second.recover()).toMatchObject({ confirmed: 1 });
    expect(await state(channelId)).toMatchObject({ totalClaimed: 4_000n });
    // The server never learned the outcome: its manager claims again and records the totals.
    const recovered = createChannelManager({
      store: server.store,
      facilitator: second,
      network: chain.network,
      payTo: requirements.payTo,
      asset: chain.usdc.address,
      authorizer,
      publicClient: chain.publicClient,
    });
    // The facilitator answers the repeated claim with the first one's transaction (its record): no second one.
    expect(await recovered.claim()).toEqual({ channels: 1, transactions: [pending.transaction] });
    expect(await recovered.claimable()).toEqual([]);
    const [claimedAfter] = await receiverTotals();
    // Credited once: exactly the 4 000 charged.
    expect(claimedAfter - claimedBefore[0]).toBe(4_000n);
    await second.close();
  });

  it("a double claim from two facilitators at once: both transactions are mined, the receiver is credited once", async () => {
    const { facilitator } = localFacilitator(schemeFacilitator());
    const { manager, channelId, requirements } = await openChannel(3, facilitator, 3);
    const logger = pino({ level: "silent" });
    // Two instances with their own signers and stores: neither knows of the other's claim.
    const [a, b] = [chain.accounts.facilitator.account, chain.accounts.deployer.account].map((signer) =>
      createFacilitator({ schemes: [schemeFacilitator(300, signer)], store: createMemoryStore(), logger }),
    );
    const before = await receiverTotals();
    const request = await claimRequest(manager, requirements);
    await chain.setAutomine(false);
    // Both pass their checks against the same pre-claim state, and both broadcast.
    const sent = await Promise.all([a!.settle(request), b!.settle(request)]);
    await chain.mine();
    await chain.setAutomine(true);
    const hashes = sent.map((r) => r.transaction as Hex);
    expect(new Set(hashes).size).toBe(2);
    for (const hash of hashes)
      expect((await chain.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    // The escrow's claimed total is cumulative: the second claim credits nothing.
    expect(await state(channelId)).toMatchObject({ totalClaimed: 3_000n });
    expect((await receiverTotals())[0] - before[0]).toBe(3_000n);
    // The server's manager learns the totals; nothing is left to claim, nothing is claimed again.
    await manager.claim();
    expect(await manager.claimable()).toEqual([]);
    expect((await receiverTotals())[0] - before[0]).toBe(3_000n);
    await Promise.all([a!.close(), b!.close()]);
  });

  // Last: it moves the chain's clock 900 s ahead of the clients' (their authorizations would have expired).
  it("a timed withdrawal raced by the server: the grace period lets it claim its charge; the payer gets the rest", async () => {
    const { facilitator } = localFacilitator(schemeFacilitator());
    const { manager, payer, channelId, config } = await openChannel(1, facilitator, 2);
    const wallet = chain.walletClient(payer);
    const withdraw = (functionName: "initiateWithdraw" | "finalizeWithdraw", args: readonly unknown[]) =>
      wallet.writeContract({
        address: batchSettlementAddress,
        abi: batchSettlementAbi,
        functionName,
        args,
      } as never);
    await chain.publicClient.waitForTransactionReceipt({
      hash: await withdraw("initiateWithdraw", [config, 3_000n]),
    });
    expect((await state(channelId)).withdrawRequestedAt).toBeGreaterThan(0);
    // The manager claims the 2 000 charged; a pending withdrawal never waits for an idle period.
    expect(await manager.claim({ idleMs: 3_600_000 })).toMatchObject({ channels: 1 });
    await chain.increaseTime(900);
    const payerBefore = await chain.balanceOf(chain.usdc.address, payer.address);
    await chain.publicClient.waitForTransactionReceipt({
      hash: await withdraw("finalizeWithdraw", [config]),
    });
    expect(await chain.balanceOf(chain.usdc.address, payer.address)).toBe(payerBefore + 3_000n);
    expect(await state(channelId)).toMatchObject({
      balance: 2_000n,
      totalClaimed: 2_000n,
      withdrawRequestedAt: 0,
    });
    expect(await manager.settle()).toMatchObject({ success: true });
  });
});
