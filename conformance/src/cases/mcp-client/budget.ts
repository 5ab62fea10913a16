import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-client.budget.respected",
  section: "spec v2 §5.1 (the client chooses what it pays); issue 13 (agents within a budget)",
  level: "MUST",
  role: "mcp-client",
  description: "A tool that costs more than the client's limit (MAX_AMOUNT) is not paid: no payment is sent.",
  timeoutMs: 45_000,
  run: async ({ runMcpClient, expect }) => {
    const run = await runMcpClient({ amount: "50000", maxAmount: "10000", timeoutMs: 20_000 });
    expect.that(!run.timedOut, "the client did not finish within 20 s");
    expect.equal(run.payments.length, 0, "calls that carried a payment");
  },
});
