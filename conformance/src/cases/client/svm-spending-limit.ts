import { svmClientOf } from "../../context/svmClientChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.svm.limit.spending-limit",
  spec: ["v2 §12.1 (budget management and spending controls)"],
  level: "MAY",
  role: "client",
  family: "solana",
  description: "On Solana, with MAX_AMOUNT below the price, the client does not pay.",
  run: async (context) => {
    const { expect } = context;
    const solana = svmClientOf(context);
    const run = await solana.runClient({ amount: "50000", maxAmount: "10000" });
    expect.equal(run.payments.length, 0, "payments sent above the limit");
    expect.equal(await solana.chain.balanceOf(run.payTo), 0n, "payTo's mock USDC");
  },
});
