import { headerNames } from "@x402kit/types";
import fc from "fast-check";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServedLog } from "../src/createServedLog.js";
import { adversarialHeaderValue } from "../src/fuzz/adversarialHeaderValue.js";
import { checkProperty } from "../src/fuzz/checkProperty.js";
import { createSeedMessages, type SeedMessages } from "../src/fuzz/createSeedMessages.js";
import type { ListenReturnType } from "../src/listen.js";
import { paidContentMarker } from "../src/paidRoutes.js";
import { type RawHttpResponse, rawHttpRequest } from "../src/rawHttpRequest.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { signPayment } from "../src/signPayment.js";
import { type AppAdapter, appAdapters, startPaidApp } from "../src/startPaidApp.js";
import { type ReliabilityStack, startReliabilityStack } from "../src/startReliabilityStack.js";

// Adversarial inputs (issue 6) against the payment middleware over real HTTP: x402kit's hono and express adapters
// on Node's HTTP server, with x402kit's facilitator and a real chain behind them. 10 000 generated requests, half
// to each adapter, 25 at a time. Every answer is a 4xx with a reason code (or Node's own 400/431 for a request that is not
// HTTP), never a 5xx, never paid content. The seed payment is signed by an account without funds, so even a valid
// one is refused (after the facilitator's RPC round).

const batch = 25;
const runsPerAdapter = 5_000 / batch;

let stack: ReliabilityStack;
let seeds: SeedMessages;
const apps = new Map<AppAdapter, ListenReturnType>();
const served = createServedLog();
const outcomes = new Map<string, number>();
let requests = 0;

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
  const signed = await signPayment({ account: privateKeyToAccount(generatePrivateKey()), requirements });
  seeds = createSeedMessages({ requirements, resource: paymentRequired.resource, signed });
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
};

const fuzzRequest = (): fc.Arbitrary<FuzzRequest> => {
  const v2 = adversarialHeaderValue({ seeds: [seeds.paymentPayload], http: true });
  const v1 = adversarialHeaderValue({ seeds: [seeds.xPayment], http: true });
  return fc.record({
    path: fc.constantFrom("/cheap", "/cheap", "/cheap", "/expensive", "/fail", "/cheap?x=1"),
    headers: fc.oneof(
      {
        weight: 6,
        arbitrary: v2.map((value): [string, string][] => [[headerNames.paymentSignature, value]]),
      },
      { weight: 3, arbitrary: v1.map((value): [string, string][] => [[headerNames.xPayment, value]]) },
      // Both headers; the same header twice (Node joins them with ", ").
      fc.tuple(v2, v1).map(([a, b]): [string, string][] => [
        [headerNames.paymentSignature, a],
        [headerNames.xPayment, b],
      ]),
      fc.tuple(v2, v2).map(([a, b]): [string, string][] => [
        [headerNames.paymentSignature, a],
        [headerNames.paymentSignature, b],
      ]),
      // Lower-case, and a control character that HTTP does not allow in a header.
      v2.map((value): [string, string][] => [["payment-signature", value]]),
      v2.map((value): [string, string][] => [[headerNames.paymentSignature, `${value}\u0001`]]),
    ),
  });
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

describe("fuzz: payment headers over HTTP (5 000 requests per adapter, 10 000 in all)", () => {
  it.each(appAdapters)(
    "%s: every answer a 4xx with a reason, never a 5xx, never paid content",
    async (adapter) => {
      const url = apps.get(adapter)!.url;
      await checkProperty(
        fc.asyncProperty(fc.array(fuzzRequest(), { minLength: batch, maxLength: batch }), async (inputs) => {
          const answers = await Promise.all(
            inputs.map((input) => rawHttpRequest({ url: `${url}${input.path}`, headers: input.headers })),
          );
          for (const answer of answers) {
            requests++;
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
        }),
        { numRuns: runsPerAdapter },
      );
      expect(served.entries).toHaveLength(0);
    },
  );
});
