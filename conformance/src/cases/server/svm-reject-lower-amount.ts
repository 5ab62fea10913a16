import { expectSvmPaymentRefused, svmServerOf } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.reject.lower-amount",
  spec: ["v2 §5.2.2 (accepted)", "exact-svm Verification Rules 6"],
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "A Solana payment that names and transfers a lower amount than offered is refused and moves nothing.",
  run: async (context) => {
    const solana = svmServerOf(context);
    const buyer = await solana.chain.newBuyer();
    const { payload } = await solana.signFor(context.server.routes.paid, buyer, {
      amount: 1n,
      accepted: { amount: "1" },
    });
    await expectSvmPaymentRefused(context, buyer, context.server.routes.paid, payload, "amount 1");
  },
});
