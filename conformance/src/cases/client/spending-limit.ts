import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.limit.spending-limit",
  spec: ["v2 §12.1 (budget management and spending controls)"],
  level: "MAY",
  role: "client",
  description: "With MAX_AMOUNT below the price, the client does not pay.",
  run: async ({ runClient, chain, expect }) => {
    const run = await runClient({ amount: "50000", maxAmount: "10000" });
    expect.equal(run.payments.length, 0, "payments sent above the limit");
    expect.equal(await chain.balanceOf(run.payTo), 0n, "payTo balance");
  },
});
