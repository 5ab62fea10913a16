import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-client.loop.no-double-payment",
  spec: ["v2 §2", "mcp Error Handling (Payment Invalid)"],
  level: "MUST",
  role: "mcp-client",
  description:
    "When the tool refuses the payment (PaymentRequired again), the client stops: one payment at most.",
  timeoutMs: 45_000,
  run: async ({ runMcpClient, expect }) => {
    const run = await runMcpClient({ mode: "always-402", timeoutMs: 20_000 });
    expect.that(!run.timedOut, `the client still ran after 20 s (${run.calls.length} calls)`);
    expect.that(run.payments.length <= 1, `the client sent ${run.payments.length} payments`);
    expect.that(run.calls.length <= 3, `the client made ${run.calls.length} calls`);
  },
});
