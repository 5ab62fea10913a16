import type { SettleOutcome, VerifiedPayment } from "@x402kit/core";
import { describe, expect, it, vi } from "vitest";
import { createSettler } from "./createSettler.js";

const paymentWith = (settle: VerifiedPayment["settle"]) => ({ settle }) as unknown as VerifiedPayment;

describe("createSettler", () => {
  it("settles once with the first status and returns the same outcome afterwards", async () => {
    const outcome: SettleOutcome = {
      type: "deliver",
      headers: { "PAYMENT-RESPONSE": "e30=" },
      settlement: undefined,
    };
    const settle = vi.fn(async () => outcome);
    const settler = createSettler(paymentWith(settle));
    expect(settler.called).toBe(false);
    expect(await settler(200)).toBe(outcome);
    expect(await settler(499)).toBe(outcome);
    expect(settler.called).toBe(true);
    expect(settle.mock.calls).toEqual([[{ status: 200 }]]);
  });

  it("turns an unexpected throw into a 500 without the held body", async () => {
    const settler = createSettler(
      paymentWith(async () => {
        throw new Error("engine bug");
      }),
    );
    const outcome = await settler(200);
    expect(outcome.type === "respond" && outcome.response.status).toBe(500);
  });
});
