import { expectSvmPaymentRefused, svmPaymentFor } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.reject.cheap-payment-on-expensive-route",
  spec: ["v2 §5.2.2 (accepted)", "exact-svm Verification Rules 6"],
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "A valid Solana payment for the cheap route, sent to the expensive route, is refused and moves nothing.",
  run: async (context) => {
    const { buyer, payload } = await svmPaymentFor(context, context.server.routes.paid);
    await expectSvmPaymentRefused(
      context,
      buyer,
      context.server.routes.expensive,
      payload,
      "cheap payment on /expensive",
    );
  },
});
