import type { PaymentRequirements } from "@x402kit/types";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServedLog } from "../src/createServedLog.js";
import { RawJson, toJsonText } from "../src/fuzz/toJsonText.js";
import type { ListenReturnType } from "../src/listen.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { sendPayment } from "../src/sendPayment.js";
import { type SignPaymentReturnType, signPayment } from "../src/signPayment.js";
import { type AppAdapter, appAdapters, startPaidApp } from "../src/startPaidApp.js";
import { type ReliabilityStack, startReliabilityStack } from "../src/startReliabilityStack.js";

// One test per bug that the battery found (docs/reliability.md, "Bugs found"). A fixed bug's test passes; a bug in a
// package this app may not change is pinned with `it.fails` until its owner fixes it.

let stack: ReliabilityStack;
let offer: PaymentRequirements;
let signed: SignPaymentReturnType;
const apps = new Map<AppAdapter, ListenReturnType>();

/** JSON nested `depth` levels: far past what JSON.stringify and recursive walkers survive (a few thousand). */
const deepJson = (depth: number) => new RawJson(`${"[".repeat(depth)}${"]".repeat(depth)}`);

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
          servedLog: createServedLog(),
        }),
      ),
    );
  offer = (await requestPaymentRequired(`${apps.get("hono")!.url}/cheap`)).accepts[0]!;
  signed = await signPayment({ account: privateKeyToAccount(generatePrivateKey()), requirements: offer });
});

afterAll(async () => {
  await stack?.stop();
});

const postFacilitator = async (route: "verify" | "settle", body: string) => {
  const response = await fetch(`${stack.facilitatorService.url}/${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("bug 1 (fixed in @x402kit/types): deep JSON inside a payment crashed the engine", () => {
  // Before: the engine keys a payment by canonicalJson(payload), which recursed until the stack overflowed; the
  // RangeError reached the adapter as a 500. Now the codec and the schemas refuse JSON nested deeper than 64 levels.
  it.each(appAdapters)(
    "%s: a PAYMENT-SIGNATURE whose payload nests 5 000 levels gets 400, not 500",
    async (adapter) => {
      const text = toJsonText({
        ...signed.paymentPayload,
        payload: { ...signed.paymentPayload.payload, padding: deepJson(5_000) },
      });
      const header = Buffer.from(text, "utf8").toString("base64");
      expect(header.length).toBeLessThan(16 * 1024);
      const answer = await sendPayment(`${apps.get(adapter)!.url}/cheap`, header);
      expect([answer.status, answer.reason]).toEqual([400, "invalid_payload"]);
    },
  );

  it.each(["verify", "settle"] as const)(
    "facilitator /%s: a payload nesting 20 000 levels gets 400 invalid_payload",
    async (route) => {
      const body = toJsonText({
        x402Version: 2,
        paymentPayload: { ...signed.paymentPayload, payload: { a: deepJson(20_000) } },
        paymentRequirements: offer,
      });
      const answer = await postFacilitator(route, body);
      expect(answer.status).toBe(400);
      expect(answer.body[route === "verify" ? "invalidReason" : "errorReason"]).toBe("invalid_payload");
    },
  );
});

describe("bug 2 (fixed in @x402kit/facilitator): a deep x402Version got a 500 from the facilitator", () => {
  // Before: packages/facilitator/src/facilitator/parseFacilitatorRequest.ts built its `invalid_x402_version` message
  // with `JSON.stringify(version)`, which overflowed the stack on a value nested a few thousand levels; the server
  // answered the RangeError with 500. Now the message describes an object or array by its type, without walking it.
  it.each(["verify", "settle"] as const)("/%s answers 400 invalid_x402_version, not 500", async (route) => {
    const answer = await postFacilitator(route, toJsonText({ x402Version: deepJson(10_000) }));
    expect(answer.status).toBe(400);
    expect(answer.body[route === "verify" ? "invalidReason" : "errorReason"]).toBe("invalid_x402_version");
  });
});
