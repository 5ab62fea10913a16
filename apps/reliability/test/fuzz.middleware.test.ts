import { watchBalances } from "@x402kit/testchain";
import { headerNames } from "@x402kit/types";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAuthorizationUses } from "../src/countAuthorizationUses.js";
import { createServedLog } from "../src/createServedLog.js";
import { adversarialHeaderValue, headerValueClasses } from "../src/fuzz/adversarialHeaderValue.js";
import { checkProperty } from "../src/fuzz/checkProperty.js";
import { createSeedMessages, type SeedMessages } from "../src/fuzz/createSeedMessages.js";
import { fuzzRuns } from "../src/fuzz/fuzzRuns.js";
import type { ListenReturnType } from "../src/listen.js";
import { paidContentMarker } from "../src/paidRoutes.js";
import { type RawHttpResponse, rawHttpRequest } from "../src/rawHttpRequest.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { type SignPaymentReturnType, signPayment } from "../src/signPayment.js";
import { type AppAdapter, appAdapters, startPaidApp } from "../src/startPaidApp.js";
import { type ReliabilityStack, startReliabilityStack } from "../src/startReliabilityStack.js";

// Adversarial inputs (issue 6) against the payment middleware over real HTTP: x402kit's hono and express adapters
// on Node's HTTP server, with x402kit's facilitator and a real chain behind them. 1 000 generated requests per adapter
// (`X402KIT_FUZZ_RUNS` for a deep run), 25 at a time, every class of header value drawn for each. Every answer is a
// 4xx with a reason code (or Node's own 400/431 for a request that is not HTTP), never a 5xx but the failing
// handler's own, never paid content, except for the seed's own payment: each adapter's seed is signed by a funded buyer (its own authorization), so the
// inputs that keep it valid reach the facilitator's settlement for real. It must be served and paid exactly once,
// however many copies and variants of it arrive, and the chain must match the seller's log to the unit.

const batch = 25;
const runsPerAdapter = Math.ceil(fuzzRuns(1_000) / batch);

let stack: ReliabilityStack;
const seeds = new Map<AppAdapter, SeedMessages>();
const payments = new Map<AppAdapter, SignPaymentReturnType>();
const apps = new Map<AppAdapter, ListenReturnType>();
const served = createServedLog();
const outcomes = new Map<string, number>();
let requests = 0;
let price: bigint;

beforeAll(async () => {
  stack = await startReliabilityStack();
  for (const adapter of appAdapters)
    apps.set(
      adapter,
      stack.defer(
        await startPaidApp({
          adapter,
          chain: stack.chain,
          facilitator: stack.facilitator,
          servedLog: served,
        }),
      ),
    );
  const paymentRequired = await requestPaymentRequired(`${apps.get("hono")!.url}/cheap`);
  const requirements = paymentRequired.accepts[0]!;
  price = BigInt(requirements.amount);
  // Valid for 10 minutes, so that the seeds stay valid for the whole run (the facilitator allows maxTimeout + 600 s).
  const validBefore = BigInt(Math.floor(Date.now() / 1000) + 600);
  for (const [i, adapter] of appAdapters.entries()) {
    const signed = await signPayment({
      account: stack.chain.accounts.buyers[i]!.account,
      requirements,
      authorization: { validBefore },
    });
    payments.set(adapter, signed);
    seeds.set(adapter, createSeedMessages({ requirements, resource: paymentRequired.resource, signed }));
  }
});

afterAll(async () => {
  console.log(
    `middleware fuzz: ${requests} requests; facilitator calls ${JSON.stringify(stack?.facilitatorProxy.stats.calls.pass)}; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort(([, a], [, b]) => b - a)))}`,
  );
  await stack?.stop();
});

type FuzzRequest = {
  path: string;
  headers: [string, string][];
  classes: string[];
};

type Header = { value: string; classes: string[] };
const one = (name: string, header: Header, suffix = "") => ({
  headers: [[name, `${header.value}${suffix}`]] as [string, string][],
  classes: header.classes,
});
const two = (names: [string, string], [a, b]: [Header, Header]) => ({
  headers: [
    [names[0], a.value],
    [names[1], b.value],
  ] as [string, string][],
  classes: [...a.classes, ...b.classes],
});

const fuzzRequest = (seeds: SeedMessages): fc.Arbitrary<FuzzRequest> => {
  const v2 = adversarialHeaderValue({ seeds: [seeds.paymentPayload], http: true });
  const v1 = adversarialHeaderValue({ seeds: [seeds.xPayment], http: true });
  return fc
    .record({
      path: fc.constantFrom("/cheap", "/cheap", "/cheap", "/expensive", "/fail", "/cheap?x=1"),
      sent: fc.oneof(
        { weight: 6, arbitrary: v2.map((value) => one(headerNames.paymentSignature, value)) },
        { weight: 3, arbitrary: v1.map((value) => one(headerNames.xPayment, value)) },
        // Both headers; the same header twice (Node joins them with ", ").
        fc.tuple(v2, v1).map((pair) => two([headerNames.paymentSignature, headerNames.xPayment], pair)),
        fc
          .tuple(v2, v2)
          .map((pair) => two([headerNames.paymentSignature, headerNames.paymentSignature], pair)),
        // Lower-case, and a control character that HTTP does not allow in a header.
        v2.map((value) => one("payment-signature", value)),
        v2.map((value) => one(headerNames.paymentSignature, value, "\u0001")),
      ),
    })
    .map(({ path, sent }) => ({ path, ...sent }));
};

/** The reason an answer gives: the `PAYMENT-REQUIRED` header's `error`, else the JSON body's `error`. */
function reasonOf(response: RawHttpResponse): string | undefined {
  const header = response.headers["payment-required"];
  if (header) {
    try {
      const error = (JSON.parse(Buffer.from(header, "base64").toString("utf8")) as { error?: unknown }).error;
      if (typeof error === "string") return error;
    } catch {
      // Fall through to the body.
    }
  }
  try {
    const error = (JSON.parse(response.body) as { error?: unknown }).error;
    return typeof error === "string" ? error : undefined;
  } catch {
    return undefined;
  }
}

const noPaymentError = "PAYMENT-SIGNATURE header is required";

/** Node's HTTP parser refused the request before any middleware saw it (no x402 answer). */
const isParserRefusal = (response: RawHttpResponse) =>
  (response.status === 400 || response.status === 431) &&
  response.body === "" &&
  !response.headers["payment-required"];

describe(`fuzz: payment headers over HTTP (${runsPerAdapter * batch} requests per adapter)`, () => {
  it.each(appAdapters)(
    "%s: every answer a 4xx with a reason, never a 5xx, never paid content but the seed's, paid exactly once",
    async (adapter) => {
      const url = apps.get(adapter)!.url;
      const payment = payments.get(adapter)!;
      const { chain } = stack;
      const fromBlock = await chain.publicClient.getBlockNumber();
      const balances = await watchBalances(chain, {
        payer: payment.authorization.from,
        seller: chain.accounts.seller.address,
      });
      const servedBefore = served.entries.length;
      const seen = new Set<string>();
      let delivered = 0;
      const deliveries: { path: string; headers: string[]; paymentResponse: boolean }[] = [];
      await checkProperty(
        fc.asyncProperty(
          fc.array(fuzzRequest(seeds.get(adapter)!), { minLength: batch, maxLength: batch }),
          async (inputs) => {
            const answers = await Promise.all(
              inputs.map((input) => rawHttpRequest({ url: `${url}${input.path}`, headers: input.headers })),
            );
            for (const [i, answer] of answers.entries()) {
              requests++;
              for (const kind of inputs[i]!.classes) seen.add(kind);
              if (answer.status === 200) {
                // The seed's own payment, valid as sent, for a route at its price: served, once (checked below).
                // (Its settlement is checked against the seller's log and the chain below.)
                expect(answer.body).toContain(paidContentMarker);
                delivered++;
                deliveries.push({
                  path: inputs[i]!.path,
                  headers: inputs[i]!.headers.map(([name, value]) => `${name}: ${value.slice(0, 60)}…`),
                  // A v2 seed is answered with PAYMENT-RESPONSE, the v1 seed (X-PAYMENT) with X-PAYMENT-RESPONSE.
                  paymentResponse:
                    (answer.headers["payment-response"] ?? answer.headers["x-payment-response"]) !==
                    undefined,
                });
                outcomes.set("200 served", (outcomes.get("200 served") ?? 0) + 1);
                continue;
              }
              if (answer.status === 500 && inputs[i]!.path === "/fail") {
                // The seed's valid payment on the route whose handler fails: the handler's own 500, nothing settled.
                expect(JSON.parse(answer.body)).toEqual({ error: "the handler failed" });
                expect(answer.headers["payment-response"]).toBeUndefined();
                outcomes.set("500 handler_failed", (outcomes.get("500 handler_failed") ?? 0) + 1);
                continue;
              }
              expect(answer.status, answer.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
              expect(answer.status, answer.body.slice(0, 300)).toBeLessThan(500);
              expect(answer.body).not.toContain(paidContentMarker);
              const reason = reasonOf(answer);
              // An empty payment header is no payment: the 402 carries the spec's own sentence (spec v2 §5.1 example).
              const outcome = isParserRefusal(answer)
                ? `http_parser_${answer.status}`
                : reason === noPaymentError && answer.status === 402
                  ? "no_payment"
                  : reason;
              expect(outcome, `${answer.status} ${answer.body.slice(0, 300)}`).toMatch(/^[a-z0-9_]+$/);
              const key = `${answer.status} ${outcome}`;
              outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
            }
          },
        ),
        { numRuns: runsPerAdapter, shrink: false },
      );
      // Every class of header value was tried (each encoding, each mutation, the junk).
      expect(headerValueClasses.filter((kind) => !seen.has(kind))).toEqual([]);
      // The seed's payment reached settlement and was paid exactly once: one delivery, one transfer, the price moved.
      const transfers = await countAuthorizationUses({
        chain,
        authorizer: payment.authorization.from,
        nonce: payment.authorization.nonce,
        fromBlock,
      });
      console.log(`${adapter}: delivered ${JSON.stringify(deliveries)}`);
      expect([delivered, transfers]).toEqual([1, 1]);
      // Every delivery carried its settlement header, and the seller's log counted it.
      expect(deliveries.filter((d) => !d.paymentResponse)).toEqual([]);
      expect(served.entries.length - servedBefore).toBe(delivered);
      expect(await balances.deltas()).toEqual({ payer: -price, seller: price });
    },
    // Not a speed limit: room for a loaded machine (the run takes a few seconds on a quiet one).
    240_000,
  );
});
