import { svmBalanceChanges } from "../../context/svmChecks.js";
import { svmPaid, svmPaymentFor } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.reject.concurrent-duplicate",
  spec: ["v2 §10.1", "exact-svm Duplicate Settlement Mitigation"],
  rationale:
    "One signed transaction pays once; a server that answers three concurrent copies of it with its content gives it three times for one payment.",
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "The same Solana payment sent three times at once is delivered at most once and moves money once.",
  run: async (context) => {
    const { solana, buyer, payload } = await svmPaymentFor(context);
    await svmBalanceChanges(context, solana.chain, svmPaid(solana, buyer, context.server.price), async () => {
      const results = await Promise.all(
        [0, 1, 2].map(() => context.server.pay(context.server.routes.paid, payload)),
      );
      const delivered = results.filter((r) => context.server.delivered(r)).length;
      context.expect.equal(delivered, 1, "deliveries of one payment");
    });
  },
});
