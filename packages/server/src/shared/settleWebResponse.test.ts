import type { SettleOutcome } from "@x402kit/core";
import { describe, expect, it } from "vitest";
import type { Settler } from "./createSettler.js";
import { settleWebResponse } from "./settleWebResponse.js";

const settlerOf = (outcome: SettleOutcome) => {
  const statuses: number[] = [];
  const settle = Object.assign(
    async (status: number) => {
      statuses.push(status);
      return outcome;
    },
    { called: false },
  ) as Settler;
  return { settle, statuses };
};
const deliver: SettleOutcome = {
  type: "deliver",
  headers: { "PAYMENT-RESPONSE": "e30=" },
  settlement: undefined,
};

describe("settleWebResponse", () => {
  it("keeps the handler's status, status text and headers, and adds the outcome's", async () => {
    const { settle, statuses } = settlerOf(deliver);
    const response = await settleWebResponse({
      response: new Response("body", { status: 201, statusText: "Made", headers: { "x-a": "1" } }),
      settle,
    });
    expect([response.status, response.statusText, await response.text()]).toEqual([201, "Made", "body"]);
    expect([response.headers.get("x-a"), response.headers.get("payment-response")]).toEqual(["1", "e30="]);
    expect(statuses).toEqual([201]);
  });

  it("handles a response without a body (204)", async () => {
    const { settle } = settlerOf(deliver);
    const response = await settleWebResponse({ response: new Response(null, { status: 204 }), settle });
    expect([response.status, response.body]).toEqual([204, null]);
  });

  it("reports a client that went away as 499, so nothing is settled", async () => {
    const { settle, statuses } = settlerOf(deliver);
    await settleWebResponse({ response: new Response("x"), settle, signal: AbortSignal.abort() });
    expect(statuses).toEqual([499]);
  });

  it("releases the payment (500) and rethrows when the body stream fails", async () => {
    const { settle, statuses } = settlerOf(deliver);
    const body = new ReadableStream({
      pull(controller) {
        controller.error(new Error("stream broke"));
      },
    });
    await expect(settleWebResponse({ response: new Response(body), settle })).rejects.toThrow("stream broke");
    expect(statuses).toEqual([500]);
  });
});
