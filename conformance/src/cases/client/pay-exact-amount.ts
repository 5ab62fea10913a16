import { defaultBuyerFunds } from "../../context/createBaseContext.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.pay.exact-amount",
  spec: ["v2 §2", "exact-evm §1 Phase 1"],
  level: "MUST",
  role: "client",
  description: "The client pays exactly the amount to payTo, gets the content (status 200) and reports it.",
  run: async ({ runClient, chain, expect }) => {
    const run = await runClient();
    expect.that(!run.timedOut, `the client did not finish: ${run.output.slice(-300)}`);
    expect.equal(run.result?.["status"], 200, "status on the client's result line");
    expect.equal(
      await chain.balanceOf(run.buyer.address),
      defaultBuyerFunds - BigInt(run.requirements.amount),
      "buyer balance",
    );
    expect.equal(await chain.balanceOf(run.payTo), BigInt(run.requirements.amount), "payTo balance");
  },
});
