import { svmClientOf } from "../../context/svmClientChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.svm.pay.exact-amount",
  spec: ["v2 §2", "exact-svm PaymentPayload", "exact-svm Verification Rules 6"],
  level: "MUST",
  role: "client",
  family: "solana",
  description:
    "On Solana the client pays exactly the amount to payTo, gets the content (status 200) and reports it.",
  run: async (context) => {
    const { expect } = context;
    const solana = svmClientOf(context);
    const run = await solana.runClient();
    expect.that(!run.timedOut, `the client did not finish: ${run.output.slice(-300)}`);
    expect.equal(run.result?.["status"], 200, "status on the client's result line");
    const amount = BigInt(run.requirements.amount);
    expect.equal(await solana.chain.balanceOf(run.buyer.address), 1_000_000n - amount, "buyer's mock USDC");
    expect.equal(await solana.chain.balanceOf(run.payTo), amount, "payTo's mock USDC");
    expect.equal(await solana.chain.lamports(run.buyer.address), 0n, "the buyer's SOL (the fee payer pays)");
  },
});
