import { svmBalanceChanges } from "../../context/svmChecks.js";
import { svmPaid, svmPaymentFor } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.pay.success",
  spec: ["v2 §2", "http-v2 Error Handling (Success: 200)", "exact-svm Protocol Flow (13)"],
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "A valid Solana payment gets HTTP 200 with the content; exactly PRICE moves to PAY_TO, the buyer pays no SOL.",
  run: async (context) => {
    const { solana, buyer, payload } = await svmPaymentFor(context);
    const lamportsBefore = await solana.chain.lamports(buyer.address);
    await svmBalanceChanges(context, solana.chain, svmPaid(solana, buyer, context.server.price), async () => {
      const result = await context.server.pay(context.server.routes.paid, payload);
      context.expect.status(result, 200, "paid request");
      context.expect.that(context.server.delivered(result), "the 200 does not carry the route's content");
    });
    context.expect.equal(
      await solana.chain.lamports(buyer.address),
      lamportsBefore,
      "the buyer's SOL (the fee payer pays the fee)",
    );
  },
});
