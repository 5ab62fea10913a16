import { paymentPayloadSchema } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-client.pay.once-in-meta",
  spec: ["mcp Payment Flow Overview", "mcp Payment Payload Transmission"],
  level: "MUST",
  role: "mcp-client",
  description:
    'The client pays a paid tool exactly once, with a v2 PaymentPayload in _meta["x402/payment"]; the price moves.',
  timeoutMs: 45_000,
  run: async ({ runMcpClient, expect, chain }) => {
    const run = await runMcpClient();
    expect.that(!run.timedOut, "the client did not finish within 30 s");
    expect.equal(run.payments.length, 1, "calls that carried a payment");
    const payload = expect.schema(paymentPayloadSchema, run.payments[0]!.payment, '_meta["x402/payment"]');
    expect.equal(payload.accepted.amount, run.requirements.amount, "accepted.amount");
    expect.equal(run.settlements.filter((s) => s.success).length, 1, "settled payments");
    expect.equal(
      await chain.balanceOf(run.payTo),
      BigInt(run.requirements.amount),
      "what the payee received",
    );
  },
});
