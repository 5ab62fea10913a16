import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-client.detect.text-fallback",
  spec: ["mcp Client Requirements (3)"],
  level: "MUST",
  role: "mcp-client",
  description:
    "A PaymentRequired given only in content[0].text (the x402/error wrapper, no structuredContent) is found and paid.",
  timeoutMs: 45_000,
  run: async ({ runMcpClient, expect }) => {
    const run = await runMcpClient({ format: "text-only" });
    expect.that(!run.timedOut, "the client did not finish within 30 s");
    expect.equal(run.payments.length, 1, "calls that carried a payment");
    expect.equal(run.settlements.filter((s) => s.success).length, 1, "settled payments");
  },
});
