import { svmPaymentFor } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.pay.verify-then-settle",
  spec: ["v2 §2 (step 4)", "exact-svm Protocol Flow (8-10)"],
  rationale:
    "The flow verifies the partially signed transaction and then settles it; the suite reads that order from the facilitator's calls: one verify, then one settle.",
  level: "SHOULD",
  role: "server",
  family: "solana",
  description: "A paid request on Solana is verified, then settled exactly once.",
  run: async (context) => {
    const { payload } = await svmPaymentFor(context);
    context.expect.status(await context.server.pay(context.server.routes.paid, payload), 200, "paid request");
    const paths = context.suiteFacilitator.calls.map((c) => c.path).filter((p) => p !== "/supported");
    context.expect.equal(paths.join(","), "/verify,/settle", "facilitator calls");
  },
});
