import { createResourceServer, type ResourceServer, type VerifiedPayment } from "@x402kit/core";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodeXPaymentResponseHeader,
  encodePaymentSignatureHeader,
  encodeXPaymentHeader,
} from "@x402kit/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type FacilitatorScript,
  network,
  payer,
  payTo,
  standInFacilitator,
  standInScheme,
} from "./standIns.js";

// The expectations that every adapter must meet, written once as a table and run against each adapter's app over
// real loopback HTTP. Each adapter's test builds an app that serves `testPaths` as `handlers` describes.

/** One priced route, `/paid/*`; `/free` is not priced. */
export const testRoutes = {
  "/paid/*": { accepts: { scheme: "test", network, price: "$0.01", payTo }, description: "Paid test routes" },
};

export const LARGE_BODY_BYTES = 2 * 1024 * 1024;
export const SLOW_HANDLER_MS = 300;

/** What each test app's handlers do, by path. */
export const testPaths = {
  /** GET, not priced: 200 text `free`. */
  free: "/free",
  /** GET: 200 JSON `{ paid: true, payer: <payment.payer> }` and the header `x-handler: yes`. */
  ok: "/paid/ok",
  /** GET: 500 text `handler failed` and `x-handler: yes`. */
  fails: "/paid/fails",
  /** GET: throws, for the framework's own error handling. */
  throws: "/paid/throws",
  /** GET: `payment.setSettlementAmount(7)`, then 200 text `metered`. */
  variable: "/paid/variable",
  /** GET: 200 text streamed as `streamChunks`, a few ms apart, with `x-handler: yes`. */
  stream: "/paid/stream",
  /** GET: 200 with `LARGE_BODY_BYTES` bytes of `x`. */
  large: "/paid/large",
  /** POST: 200 JSON `{ received: <request body bytes> }`. */
  upload: "/paid/upload",
  /** GET: waits `SLOW_HANDLER_MS`, then 200 text `slow`. */
  slow: "/paid/slow",
} as const;

export const streamChunks = ["chunk-0\n", "chunk-1\n", "chunk-2\n", "chunk-3\n", "chunk-4\n"];

/** Shared by the apps: the body of `/paid/ok`. */
export const okBody = (payment: VerifiedPayment | undefined) => ({ paid: true, payer: payment?.payer });

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type TestApp = { url: string; close(): Promise<void> };
export type StartTestApp = (server: ResourceServer) => Promise<TestApp>;

type Step = {
  method?: "GET" | "POST";
  path: string;
  /** Pay with the payment of this name: the same name is the same payment. */
  pay?: string;
  /** Pay as a v1 client (`X-PAYMENT`). */
  v1?: boolean;
  /** Send this as `PAYMENT-SIGNATURE` instead of a payment. */
  rawSignature?: string;
  bodyBytes?: number;
  /** Abort the request after this many ms (the client goes away); nothing is expected of it. */
  abortAfterMs?: number;
  /** Wait this long before sending. */
  waitMs?: number;
  status?: number;
  /** The `error` of the PAYMENT-REQUIRED header, when one is expected. */
  required?: string;
  /** The PAYMENT-RESPONSE (or X-PAYMENT-RESPONSE for v1) success flag; null: no such header. */
  settled?: boolean | null;
  body?: string | RegExp | ((body: string) => void);
  /** Whether the handler's own header is on the response. */
  handlerHeader?: boolean;
};

type Case = {
  name: string;
  script?: FacilitatorScript;
  steps: Step[];
  calls: { verify: number; settle: number };
  /** The amounts that the scheme's prepareSettlement was told. */
  prepared?: (bigint | undefined)[];
};

const failedSettlement: FacilitatorScript = {
  settle: async () => ({
    success: false,
    errorReason: "insufficient_funds",
    transaction: "",
    network,
    payer,
  }),
};

export const adapterCases: Case[] = [
  {
    name: "passes a route without a price",
    steps: [{ path: testPaths.free, status: 200, body: "free", settled: null }],
    calls: { verify: 0, settle: 0 },
  },
  {
    name: "answers an unpaid request with 402 and PAYMENT-REQUIRED, without running the handler",
    steps: [
      {
        path: testPaths.ok,
        status: 402,
        required: "PAYMENT-SIGNATURE header is required",
        handlerHeader: false,
      },
    ],
    calls: { verify: 0, settle: 0 },
  },
  {
    name: "answers 400 to a malformed payment",
    steps: [{ path: testPaths.ok, rawSignature: "%%%", status: 400, required: "invalid_payment_header" }],
    calls: { verify: 0, settle: 0 },
  },
  {
    name: "refuses an unpaid upload without reading it",
    steps: [{ method: "POST", path: testPaths.upload, bodyBytes: 1024 * 1024, status: 402 }],
    calls: { verify: 0, settle: 0 },
  },
  {
    name: "runs the handler for a paid request and sends its body with PAYMENT-RESPONSE",
    steps: [
      {
        path: testPaths.ok,
        pay: "a",
        status: 200,
        settled: true,
        handlerHeader: true,
        body: (body) => expect(JSON.parse(body)).toEqual({ paid: true, payer }),
      },
    ],
    calls: { verify: 1, settle: 1 },
  },
  {
    name: "pays as a v1 client with X-PAYMENT and answers X-PAYMENT-RESPONSE",
    steps: [{ path: testPaths.ok, pay: "v1", v1: true, status: 200, settled: true }],
    calls: { verify: 1, settle: 1 },
  },
  {
    name: "does not settle when the handler answers 500",
    steps: [{ path: testPaths.fails, pay: "a", status: 500, settled: null, body: "handler failed" }],
    calls: { verify: 1, settle: 0 },
  },
  {
    name: "does not settle when the handler throws, and releases the payment for a retry",
    steps: [
      { path: testPaths.throws, pay: "a", status: 500, settled: null },
      { path: testPaths.ok, pay: "a", status: 200, settled: true },
    ],
    calls: { verify: 2, settle: 1 },
  },
  {
    name: "answers 402 with PAYMENT-RESPONSE {success: false} when settlement fails, never the handler's body",
    script: failedSettlement,
    steps: [{ path: testPaths.ok, pay: "a", status: 402, settled: false, body: "{}", handlerHeader: false }],
    calls: { verify: 1, settle: 1 },
  },
  {
    name: "buffers a streamed body until settlement, then sends all of it",
    steps: [{ path: testPaths.stream, pay: "a", status: 200, settled: true, body: streamChunks.join("") }],
    calls: { verify: 1, settle: 1 },
  },
  {
    name: "sends none of a streamed body when settlement fails",
    script: failedSettlement,
    steps: [
      { path: testPaths.stream, pay: "a", status: 402, settled: false, body: "{}", handlerHeader: false },
    ],
    calls: { verify: 1, settle: 1 },
  },
  {
    name: "passes setSettlementAmount through to the scheme's prepareSettlement",
    steps: [{ path: testPaths.variable, pay: "a", status: 200, settled: true, body: "metered" }],
    calls: { verify: 1, settle: 1 },
    prepared: [7n],
  },
  {
    name: "delivers a large body whole",
    steps: [
      {
        path: testPaths.large,
        pay: "a",
        status: 200,
        settled: true,
        body: (body) => expect(body).toBe("x".repeat(LARGE_BODY_BYTES)),
      },
    ],
    calls: { verify: 1, settle: 1 },
  },
  {
    name: "hands a large paid upload to the handler",
    steps: [
      {
        method: "POST",
        path: testPaths.upload,
        bodyBytes: 1024 * 1024,
        pay: "a",
        status: 200,
        settled: true,
        body: (body) => expect(JSON.parse(body)).toEqual({ received: 1024 * 1024 }),
      },
    ],
    calls: { verify: 1, settle: 1 },
  },
  {
    name: "delivers a payment once: the same payment again gets 402",
    steps: [
      { path: testPaths.ok, pay: "a", status: 200, settled: true },
      { path: testPaths.ok, pay: "a", status: 402, required: "duplicate_settlement", handlerHeader: false },
    ],
    calls: { verify: 1, settle: 1 },
  },
  {
    name: "does not settle when the client goes away before the response, and releases the payment",
    steps: [
      { path: testPaths.slow, pay: "a", abortAfterMs: 50 },
      { path: testPaths.ok, pay: "a", waitMs: SLOW_HANDLER_MS + 150, status: 200, settled: true },
    ],
    calls: { verify: 2, settle: 1 },
  },
];

let run = 0;

/** Runs `adapterCases` against the app that `start` serves, with a fresh engine and stand-ins. */
export function describeAdapter(name: string, start: StartTestApp): void {
  describe(`${name} adapter over loopback HTTP`, () => {
    const facilitator = standInFacilitator();
    const scheme = standInScheme();
    const server = createResourceServer({
      routes: testRoutes,
      schemes: [scheme],
      facilitator: facilitator.facilitator,
    });
    let app: TestApp | undefined;

    beforeAll(async () => {
      await server.initialize();
      app = await start(server);
    });
    afterAll(async () => {
      await app?.close();
    });
    beforeEach(() => {
      facilitator.reset();
      scheme.prepared.length = 0;
      run++;
    });

    it.each(adapterCases)("$name", async (testCase) => {
      facilitator.script(testCase.script ?? {});
      const offered = server.requirementsFor("/paid/*")![0]!;
      for (const step of testCase.steps) {
        if (step.waitMs) await delay(step.waitMs);
        const headers: Record<string, string> = {};
        // A payment's identity is its payload: the same name within a run is the same payment.
        const payload = { nonce: `${run}-${step.pay}` };
        if (step.rawSignature) headers["PAYMENT-SIGNATURE"] = step.rawSignature;
        else if (step.pay && step.v1)
          headers["X-PAYMENT"] = encodeXPaymentHeader({
            x402Version: 1,
            scheme: "test",
            network: "base-sepolia",
            payload,
          });
        else if (step.pay)
          headers["PAYMENT-SIGNATURE"] = encodePaymentSignatureHeader({
            x402Version: 2,
            accepted: offered,
            payload,
          });
        const init: RequestInit = { method: step.method ?? "GET", headers };
        if (step.bodyBytes) init.body = "y".repeat(step.bodyBytes);

        if (step.abortAfterMs !== undefined) {
          init.signal = AbortSignal.timeout(step.abortAfterMs);
          await expect(fetch(`${app!.url}${step.path}`, init)).rejects.toThrow();
          continue;
        }
        const response = await fetch(`${app!.url}${step.path}`, init);
        const body = await response.text();
        if (step.status !== undefined) expect(response.status, body.slice(0, 200)).toBe(step.status);
        if (step.required !== undefined) {
          const header = response.headers.get("payment-required");
          expect(header).toBeTruthy();
          expect(decodePaymentRequiredHeader(header!).error).toBe(step.required);
        }
        if (step.settled !== undefined) {
          const v2 = response.headers.get("payment-response");
          const v1 = response.headers.get("x-payment-response");
          if (step.settled === null) expect([v2, v1]).toEqual([null, null]);
          else {
            const settlement = step.v1 ? decodeXPaymentResponseHeader(v1!) : decodePaymentResponseHeader(v2!);
            expect(settlement.success).toBe(step.settled);
          }
        }
        if (typeof step.body === "function") step.body(body);
        else if (step.body instanceof RegExp) expect(body).toMatch(step.body);
        else if (step.body !== undefined) expect(body).toBe(step.body);
        if (step.handlerHeader !== undefined)
          expect(response.headers.get("x-handler")).toBe(step.handlerHeader ? "yes" : null);
      }
      // Give a slow handler that outlived its client the time to finish (it must not settle).
      if (testCase.steps.some((step) => step.abortAfterMs !== undefined)) await delay(50);
      expect({ verify: facilitator.calls.verify.length, settle: facilitator.calls.settle.length }).toEqual(
        testCase.calls,
      );
      if (testCase.prepared) {
        expect(scheme.prepared.map((p) => p.settlementAmount)).toEqual(testCase.prepared);
        expect(
          facilitator.calls.settle[0]?.x402Version === 2 &&
            facilitator.calls.settle[0].paymentRequirements.amount,
        ).toBe(String(testCase.prepared[0]));
      }
    });
  });
}
