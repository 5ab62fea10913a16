import { expectSvmPaymentRefused, svmPaymentFor } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.reject.replay",
  spec: ["v2 §10.1", "exact-svm Duplicate Settlement Mitigation"],
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "A Solana payment that was already settled and delivered, sent again, gets no content and moves nothing.",
  run: async (context) => {
    const { buyer, payload } = await svmPaymentFor(context);
    context.expect.status(await context.server.pay(context.server.routes.paid, payload), 200, "first use");
    await expectSvmPaymentRefused(context, buyer, context.server.routes.paid, payload, "replayed payment");
  },
});
