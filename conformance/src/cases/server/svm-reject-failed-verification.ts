import { expectSvmPaymentRefused, svmServerOf } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.reject.failed-verification",
  spec: ["v2 §2 (step 4)", "http-v2 Error Handling (Payment Failed: 402)", "exact-svm PaymentPayload"],
  level: "MUST",
  role: "server",
  family: "solana",
  description:
    "A Solana payment the buyer did not sign fails verification: 402 with PAYMENT-REQUIRED, no content, never settled.",
  run: async (context) => {
    const solana = svmServerOf(context);
    const buyer = await solana.chain.newBuyer();
    const { payload } = await solana.signFor(context.server.routes.paid, buyer, { unsigned: true });
    const result = await expectSvmPaymentRefused(
      context,
      buyer,
      context.server.routes.paid,
      payload,
      "a transaction the buyer did not sign",
    );
    context.expect.status(result, 402, "a payment that fails verification");
    context.expect.that(
      !context.suiteFacilitator.calls.some((c) => c.path === "/settle"),
      "the server settled an invalid payment",
    );
  },
});
