import type { VerifiedPayment } from "@x402kit/core";
import { isReplayedSettlement } from "@x402kit/core";
import { watchBalances } from "@x402kit/testchain";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationNonceOf } from "../src/authorizationNonceOf.js";
import { cancelAuthorization } from "../src/cancelAuthorization.js";
import { countAuthorizationUses } from "../src/countAuthorizationUses.js";
import { createServedLog } from "../src/createServedLog.js";
import type { ListenReturnType } from "../src/listen.js";
import { paidContentMarker } from "../src/paidRoutes.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { type PaidAnswer, sendPayment } from "../src/sendPayment.js";
import { signPayment } from "../src/signPayment.js";
import { startPaidApp } from "../src/startPaidApp.js";
import { type ReliabilityStack, startReliabilityStack } from "../src/startReliabilityStack.js";

// Races (issue 6): one authorization, many requests at once; and an authorization cancelled between verify and
// settle. Exactly one transfer and one delivery, or none of either.

let stack: ReliabilityStack;
let hono: ListenReturnType;
let express: ListenReturnType;
const served = createServedLog();
/** The nonce that the next paid handler cancels while it runs (between verify and settle). */
let cancelWhileRunning: Hex | undefined;

const cancelIfArmed = async (_path: string, payment: VerifiedPayment | undefined) => {
  const nonce = authorizationNonceOf(payment?.payload.payload);
  if (!nonce || nonce !== cancelWhileRunning) return;
  await cancelAuthorization({ chain: stack.chain, account: stack.chain.accounts.buyer.account, nonce });
};

beforeAll(async () => {
  stack = await startReliabilityStack();
  const common = {
    chain: stack.chain,
    facilitator: stack.facilitator,
    servedLog: served,
    onPaid: cancelIfArmed,
  };
  // Two servers, each with its own engine (its own in-flight and delivered memory), sharing one facilitator.
  hono = stack.defer(await startPaidApp({ adapter: "hono", ...common }));
  express = stack.defer(await startPaidApp({ adapter: "express", ...common }));
});

afterAll(async () => {
  await stack?.stop();
});

/** Sends one signed authorization `count` times at once, spread over `urls`, and checks one transfer, one delivery. */
async function race(urls: string[], count: number): Promise<PaidAnswer[]> {
  const { chain } = stack;
  const { buyer, seller } = chain.accounts;
  const offer = (await requestPaymentRequired(urls[0]!)).accepts[0]!;
  const signed = await signPayment({ account: buyer.account, requirements: offer });
  const fromBlock = await chain.publicClient.getBlockNumber();
  const balances = await watchBalances(chain, { buyer: buyer.address, seller: seller.address });
  const servedBefore = served.entries.length;

  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => sendPayment(urls[i % urls.length]!, signed.header)),
  );

  const delivered = answers.filter((answer) => answer.body.includes(paidContentMarker));
  expect(delivered).toHaveLength(1);
  expect(delivered[0]!.status).toBe(200);
  for (const answer of answers) {
    if (answer === delivered[0]) continue;
    expect(answer.status, answer.body).toBe(402);
    expect(answer.reason, answer.body).toMatch(/^[a-z0-9_]+$/);
  }
  expect(served.entries.length - servedBefore).toBe(1);
  const price = BigInt(offer.amount);
  expect(await balances.deltas()).toEqual({ buyer: -price, seller: price });
  expect(
    await countAuthorizationUses({
      chain,
      authorizer: buyer.address,
      nonce: signed.authorization.nonce,
      fromBlock,
    }),
  ).toBe(1);
  return answers;
}

const miningModes = [
  ["automine", 0],
  ["1 s blocks", 1_000],
] as const;

describe.each(miningModes)("races: one authorization, many requests at once (%s)", (_mode, blockMs) => {
  beforeAll(async () => {
    await stack.chain.setIntervalMining(blockMs);
  });
  afterAll(async () => {
    await stack.chain.setIntervalMining(0);
  });

  it("100 times at once to one server: exactly one transfer and one delivery", async () => {
    const answers = await race([`${hono.url}/cheap`], 100);
    const reasons = new Set(answers.filter((a) => a.status === 402).map((a) => a.reason));
    expect([...reasons]).toEqual(["duplicate_settlement"]);
  });

  it("100 times at once to two servers that share a facilitator: exactly one transfer and one delivery", async () => {
    await race([`${hono.url}/cheap`, `${express.url}/cheap`], 100);
  });

  it("100 settles of one authorization straight to the facilitator: one transfer, one first-hand success", async () => {
    const { chain } = stack;
    const { buyer } = chain.accounts;
    const offer = (await requestPaymentRequired(`${hono.url}/cheap`)).accepts[0]!;
    const signed = await signPayment({ account: buyer.account, requirements: offer });
    const fromBlock = await chain.publicClient.getBlockNumber();
    const request = {
      x402Version: 2 as const,
      paymentPayload: signed.paymentPayload,
      paymentRequirements: offer,
    };
    const answers = await Promise.all(Array.from({ length: 100 }, () => stack.facilitator.settle(request)));
    const firstHand = answers.filter((answer) => answer.success && !isReplayedSettlement(answer));
    expect(firstHand).toHaveLength(1);
    for (const answer of answers)
      if (answer !== firstHand[0])
        expect(answer.success === false || isReplayedSettlement(answer)).toBe(true);
    expect(new Set(answers.map((answer) => answer.transaction).filter(Boolean)).size).toBe(1);
    expect(
      await countAuthorizationUses({
        chain,
        authorizer: buyer.address,
        nonce: signed.authorization.nonce,
        fromBlock,
      }),
    ).toBe(1);
  });
});

describe.each(miningModes)(
  "races: an authorization cancelled between verify and settle (%s)",
  (_mode, blockMs) => {
    beforeAll(async () => {
      await stack.chain.setIntervalMining(blockMs);
    });
    afterAll(async () => {
      await stack.chain.setIntervalMining(0);
    });

    it.each([
      ["hono", () => hono.url],
      ["express", () => express.url],
    ])("%s: the handler cancels it while running: no content, no transfer", async (_name, url) => {
      const { chain } = stack;
      const { buyer, seller } = chain.accounts;
      const offer = (await requestPaymentRequired(`${url()}/cheap`)).accepts[0]!;
      const signed = await signPayment({ account: buyer.account, requirements: offer });
      const fromBlock = await chain.publicClient.getBlockNumber();
      const balances = await watchBalances(chain, { buyer: buyer.address, seller: seller.address });
      const servedBefore = served.entries.length;
      cancelWhileRunning = signed.authorization.nonce;
      try {
        const answer = await sendPayment(`${url()}/cheap`, signed.header);
        expect(answer.status, answer.body).toBe(402);
        expect(answer.body).not.toContain(paidContentMarker);
        expect(answer.settlement).toMatchObject({ success: false, transaction: "" });
        expect(answer.reason).toBe("invalid_exact_evm_payload_authorization_nonce_used");
      } finally {
        cancelWhileRunning = undefined;
      }
      expect(served.entries.length).toBe(servedBefore);
      expect(await balances.deltas()).toEqual({ buyer: 0n, seller: 0n });
      expect(
        await countAuthorizationUses({
          chain,
          authorizer: buyer.address,
          nonce: signed.authorization.nonce,
          fromBlock,
        }),
      ).toBe(0);
    });
  },
);
