import type { FacilitatorRequest, PaymentRequirements, SettleResponse } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { FacilitatorError } from "../errors/FacilitatorError.js";
import type { FacilitatorLike } from "../facilitator/types.js";
import { createPaymentEngine } from "./createPaymentEngine.js";
import type { EngineOutcome, PaymentContext } from "./types.js";

// The engine without any transport: a context that is not HTTP (an MCP tool call), payloads already decoded, plain
// outcomes. Scheme and facilitator are in-process stand-ins; the HTTP transport's tests (createResourceServer)
// and @x402kit/mcp's chain tests run the same engine with real parts.

const network = "eip155:84532";
const asset = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const payTo = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";

function setup(settle?: (request: FacilitatorRequest) => Promise<SettleResponse>) {
  const calls = { verify: 0, settle: 0 };
  const facilitator: FacilitatorLike = {
    verify: async () => {
      calls.verify++;
      return { isValid: true, payer: payTo };
    },
    settle: async (request) => {
      calls.settle++;
      return settle ? settle(request) : { success: true, transaction: "0x01", network };
    },
    supported: async () => ({ kinds: [], extensions: [], signers: {} }),
  };
  const engine = createPaymentEngine({
    resources: {
      search: { accepts: { scheme: "flat", network, price: { amount: "10", asset }, payTo } },
      report: {
        accepts: { scheme: "flat", network, price: { amount: "99", asset }, payTo },
        description: "A report",
      },
    },
    schemes: [
      {
        scheme: "flat",
        networks: [network],
        buildRequirements: ({ price, payTo }) => ({
          scheme: "flat",
          network,
          amount: price.kind === "atomic" ? price.amount : "0",
          asset,
          payTo,
          maxTimeoutSeconds: 60,
        }),
      },
    ],
    facilitator,
  });
  return { engine, calls };
}

const call = (name: string): PaymentContext => ({
  transport: "mcp",
  resource: name,
  url: `mcp://tool/${name}`,
  tool: { name, arguments: { q: "x" } },
});

let nonce = 0;
const payment = (accepted: PaymentRequirements, id = `p${++nonce}`) => ({
  x402Version: 2 as const,
  payload: { x402Version: 2 as const, accepted, payload: { id } },
});

function paid(outcome: EngineOutcome) {
  if (outcome.type !== "paid") throw new Error(`expected paid, got ${outcome.type}`);
  return outcome.payment;
}

describe("createPaymentEngine", () => {
  it("asks for payment with the resource's PaymentRequired, keyed by tool name", async () => {
    const { engine } = setup();
    const outcome = await engine.process(call("report"), undefined);
    expect(outcome).toMatchObject({
      type: "payment-required",
      reason: "payment_required",
      status: 402,
      paymentRequired: {
        x402Version: 2,
        error: "payment_required",
        resource: { url: "mcp://tool/report", description: "A report" },
        accepts: [{ scheme: "flat", amount: "99" }],
      },
    });
  });

  it("verifies, settles once the tool succeeded, then refuses the same payment", async () => {
    const { engine, calls } = setup();
    await engine.initialize();
    const input = payment(engine.requirementsFor("search")![0]!);
    const verified = paid(await engine.process(call("search"), input));
    expect(verified.resource.url).toBe("mcp://tool/search");
    expect(await verified.settle({ failed: false })).toEqual({
      type: "deliver",
      settlement: { success: true, transaction: "0x01", network },
    });
    expect(await engine.process(call("search"), input)).toMatchObject({ reason: "duplicate_settlement" });
    expect(calls).toEqual({ verify: 1, settle: 1 });
  });

  it("settles nothing for a failed tool, and the payment stays usable", async () => {
    const { engine, calls } = setup();
    await engine.initialize();
    const input = payment(engine.requirementsFor("search")![0]!);
    expect(await paid(await engine.process(call("search"), input)).settle({ failed: true })).toEqual({
      type: "deliver",
      settlement: undefined,
    });
    expect(calls.settle).toBe(0);
    expect((await engine.process(call("search"), input)).type).toBe("paid");
  });

  it("refuses a payment offered for another resource", async () => {
    const { engine, calls } = setup();
    await engine.initialize();
    const outcome = await engine.process(call("report"), payment(engine.requirementsFor("search")![0]!));
    expect(outcome).toMatchObject({ type: "payment-required", reason: "payment_requirements_mismatch" });
    expect(calls.verify).toBe(0);
  });

  it("reports a refused settlement with its SettleResponse and the PaymentRequired to ask again with", async () => {
    const failed: SettleResponse = {
      success: false,
      errorReason: "insufficient_funds",
      transaction: "",
      network,
    };
    const { engine } = setup(async () => failed);
    await engine.initialize();
    const verified = paid(
      await engine.process(call("search"), payment(engine.requirementsFor("search")![0]!)),
    );
    expect(await verified.settle({ failed: false })).toMatchObject({
      type: "refused",
      reason: "insufficient_funds",
      status: 402,
      settlement: failed,
      paymentRequired: { error: "insufficient_funds", resource: { url: "mcp://tool/search" } },
    });
  });

  it("turns a facilitator that is down into a refusal with a 5xx hint", async () => {
    const { engine } = setup(async () => {
      throw new FacilitatorError("facilitator_unavailable", "Down.", { operation: "settle" });
    });
    await engine.initialize();
    const verified = paid(
      await engine.process(call("search"), payment(engine.requirementsFor("search")![0]!)),
    );
    expect(await verified.settle({ failed: false })).toEqual({
      type: "refused",
      reason: "facilitator_unavailable",
      message: "Down.",
      status: 502,
    });
  });

  it("prices a resource registered after creation, and refuses a second one under the same key", async () => {
    const { engine } = setup();
    await engine.register("late", {
      accepts: { scheme: "flat", network, price: { amount: "5", asset }, payTo },
    });
    expect(await engine.process(call("late"), undefined)).toMatchObject({
      paymentRequired: { accepts: [{ amount: "5" }] },
    });
    await expect(engine.register("late", { accepts: [] } as never)).rejects.toMatchObject({
      code: "invalid_config",
    });
    await expect(
      engine.register("search", { accepts: { scheme: "flat", network, price: "$1", payTo } }),
    ).rejects.toThrow(/already/);
  });

  it("lets a stateful scheme verify and settle itself: a corrective 402, a charge without the facilitator, a release, a refund without the handler", async () => {
    const calls = { verify: 0, settle: 0 };
    const facilitator: FacilitatorLike = {
      verify: async () => {
        calls.verify++;
        return { isValid: true };
      },
      settle: async () => {
        calls.settle++;
        return { success: true, transaction: "0x01", network };
      },
      supported: async () => ({ kinds: [], extensions: [], signers: {} }),
    };
    const log: string[] = [];
    let charged = 0;
    const engine = createPaymentEngine({
      resources: { meter: { accepts: { scheme: "channel", network, price: { amount: "5", asset }, payTo } } },
      schemes: [
        {
          scheme: "channel",
          networks: [network],
          buildRequirements: ({ price, payTo }) => ({
            scheme: "channel",
            network,
            amount: price.kind === "atomic" ? price.amount : "0",
            asset,
            payTo,
            maxTimeoutSeconds: 60,
          }),
          async verifyPayment({ payload, requirements, facilitator: given }) {
            expect(given).toBe(facilitator);
            const { total, refund } = payload.payload as { total: number; refund?: boolean };
            log.push(`verify ${total}`);
            if (total !== charged + (refund ? 0 : 5))
              return {
                verification: { isValid: false, invalidReason: "cumulative_mismatch" },
                accepts: [{ ...requirements, extra: { charged } }],
              };
            return { verification: { isValid: true, payer: payTo }, withoutHandler: refund === true };
          },
          async settlePayment({ payload, settlementAmount }) {
            const { total, refund } = payload.payload as { total: number; refund?: boolean };
            log.push(`settle ${total} ${settlementAmount ?? "-"}`);
            if (!refund) charged += Number(settlementAmount ?? 5n);
            return { success: true, transaction: "", network, amount: "" };
          },
          cancelPayment({ payload }) {
            log.push(`cancel ${(payload.payload as { total: number }).total}`);
          },
        },
      ],
      facilitator,
    });
    await engine.initialize();
    const offer = engine.requirementsFor("meter")![0]!;
    const pay = (body: Record<string, unknown>) =>
      engine.process(call("meter"), {
        x402Version: 2,
        payload: { x402Version: 2, accepted: offer, payload: body },
      });

    expect(await pay({ total: 9 })).toMatchObject({
      type: "payment-required",
      reason: "cumulative_mismatch",
      paymentRequired: { accepts: [{ extra: { charged: 0 } }] },
    });
    const first = paid(await pay({ total: 5 }));
    first.setSettlementAmount(3);
    expect(await first.settle({ failed: false })).toMatchObject({
      type: "deliver",
      settlement: { success: true, transaction: "" },
    });
    const failed = paid(await pay({ total: 8 }));
    expect(await failed.settle({ failed: true })).toEqual({ type: "deliver", settlement: undefined });
    expect(await pay({ total: 3, refund: true })).toMatchObject({
      type: "settled",
      settlement: { type: "deliver", settlement: { success: true } },
    });
    expect(log).toEqual([
      "verify 9",
      "verify 5",
      "settle 5 3",
      "verify 8",
      "cancel 8",
      "verify 3",
      "settle 3 -",
    ]);
    expect(calls).toEqual({ verify: 0, settle: 0 });
  });
});
