import { expectSvmPaymentRefused, svmServerOf } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.reject.expired-blockhash",
  spec: ["v2 §6.1.2 (4)", "exact-svm Verification Rules"],
  rationale:
    "On Solana a payment's validity window is its blockhash's lifetime (151 slots): the suite moves the chain past it between signing and paying, as EVM's case lets an authorization expire.",
  level: "MUST",
  role: "server",
  family: "solana",
  movesClock: true,
  description: "A Solana payment whose blockhash has expired is refused and moves nothing.",
  run: async (context) => {
    const solana = svmServerOf(context);
    const buyer = await solana.chain.newBuyer();
    const { payload } = await solana.signFor(context.server.routes.paid, buyer);
    solana.chain.expireBlockhashes();
    await expectSvmPaymentRefused(context, buyer, context.server.routes.paid, payload, "expired blockhash");
  },
});
