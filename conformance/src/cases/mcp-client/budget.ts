import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "mcp-client.budget.respected",
  spec: ["v2 §12.1", "v2 §5.1.2"],
  rationale:
    "The spec leaves the client free to choose among the offered requirements; an agent's budget (v2 §12.1) means a tool priced above the client's limit is not paid.",
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
