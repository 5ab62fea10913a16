import { getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { watchBalances } from "@x402kit/testchain";
import { decodePaymentRequiredHeader, headerNames } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuyerClient } from "../src/createBuyerClient.js";
import {
  testContent as content,
  createPaidResourceServer,
  testPrice,
} from "../src/createPaidResourceServer.js";
import type { ListenReturnType } from "../src/listen.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { signPaymentHeader } from "../src/signPaymentHeader.js";
import { type AdapterName, adapterNames, startAdapterApp } from "../src/startAdapterApp.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import { watchBuyerAndSeller } from "../src/watchBuyerAndSeller.js";

// Concurrent payments through every adapter, one x402kit facilitator over HTTP (one signer account, so its
// transaction nonces must be managed) and one local chain.

const buyerCount = 20;
let stack: InteropStack;
const apps = new Map<AdapterName, ListenReturnType>();

beforeAll(async () => {
  stack = await startInteropStack({ chain: { buyers: buyerCount } });
  for (const adapter of adapterNames) {
    apps.set(
      adapter,
      stack.defer(
        await startAdapterApp({
          adapter,
          server: createPaidResourceServer({ chain: stack.chain, facilitator: stack.facilitator }),
          handlers: { "/paid/report": () => ({ body: content }) },
        }),
      ),
    );
  }
});

afterAll(async () => {
  await stack?.stop();
});

const urlOf = (adapter: AdapterName) => `${apps.get(adapter)!.url}/paid/report`;

describe("concurrent payments", () => {
  it(`${buyerCount} buyers pay at once, spread over the four adapters: all settled, exact totals`, async () => {
    const { chain } = stack;
    const buyers = chain.accounts.buyers;
    expect(buyers).toHaveLength(buyerCount);
    const balances = await watchBalances(chain, {
      seller: chain.accounts.seller.address,
      ...Object.fromEntries(buyers.map((buyer, i) => [`buyer${i}`, buyer.address])),
    });

    const responses = await Promise.all(
      buyers.map(async (buyer, i) => {
        const paidFetch = wrapFetch(fetch, createBuyerClient({ account: buyer.account }));
        const response = await paidFetch(urlOf(adapterNames[i % adapterNames.length]!));
        return { status: response.status, body: await response.json(), receipt: getPaymentReceipt(response) };
      }),
    );

    for (const [i, response] of responses.entries()) {
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual(content);
      expect(response.receipt).toMatchObject({ success: true, payer: buyers[i]!.address });
    }
    expect(new Set(responses.map((r) => r.receipt!.transaction)).size).toBe(buyerCount);
    expect(await balances.deltas()).toEqual({
      seller: BigInt(buyerCount) * testPrice.atomic,
      ...Object.fromEntries(buyers.map((_, i) => [`buyer${i}`, -testPrice.atomic])),
    });
  });

  it("one buyer sends 10 paid requests at once (distinct nonces): all settled, exact total", async () => {
    const { chain } = stack;
    const buyer = chain.accounts.buyer;
    const balances = await watchBuyerAndSeller(chain, buyer.address);
    const paidFetch = wrapFetch(fetch, createBuyerClient({ account: buyer.account }));

    const responses = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const response = await paidFetch(urlOf(adapterNames[i % adapterNames.length]!));
        return { status: response.status, receipt: getPaymentReceipt(response) };
      }),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => r.receipt?.transaction)).size).toBe(10);
    expect(await balances.deltas()).toEqual({
      buyer: -10n * testPrice.atomic,
      seller: 10n * testPrice.atomic,
    });
  });

  it.each([
    ["one server", ["express", "express", "express", "express", "express"]],
    ["all four adapters (separate engines)", ["express", "hono", "fastify", "next", "express"]],
  ] as [string, AdapterName[]][])(
    "the same payment header 5 times at once at %s: one 200 with content, one transfer",
    async (_name, targets) => {
      const { chain } = stack;
      const buyer = chain.accounts.buyer;
      const signature = await signPaymentHeader({
        paymentRequired: await requestPaymentRequired(urlOf("express")),
        account: buyer.account,
      });
      const balances = await watchBuyerAndSeller(chain, buyer.address);

      const responses = await Promise.all(
        targets.map(async (adapter) => {
          const response = await fetch(urlOf(adapter), { headers: signature.headers });
          const required = response.headers.get(headerNames.paymentRequired);
          const body = await response.text();
          // A refused payment names its reason in PAYMENT-REQUIRED, or (refused after settlement) in the body.
          const reason = required
            ? decodePaymentRequiredHeader(required).error
            : (JSON.parse(body) as { error?: string }).error;
          return { status: response.status, body, reason };
        }),
      );

      const delivered = responses.filter((r) => r.status === 200);
      expect(delivered, JSON.stringify(responses)).toHaveLength(1);
      expect(JSON.parse(delivered[0]!.body)).toEqual(content);
      for (const refused of responses.filter((r) => r.status !== 200)) {
        expect(refused.status).toBe(402);
        expect(refused.body).not.toContain(content.content);
        // The same engine refuses a delivered payment itself; another engine learns it from the facilitator
        // (a replayed settlement) or from the chain (the authorization's nonce is used).
        expect(["duplicate_settlement", "invalid_exact_evm_payload_authorization_nonce_used"]).toContain(
          refused.reason,
        );
      }
      expect(await balances.deltas()).toEqual({ buyer: -testPrice.atomic, seller: testPrice.atomic });
    },
  );
});
