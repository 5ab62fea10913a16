import { paymentFor, paymentResponseOf } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.settle-failure.payment-response",
  spec: ["http-v2 Settlement Response Delivery (Example: Failure)"],
  level: "SHOULD",
  role: "server",
  description: "A failed settlement's 402 carries PAYMENT-RESPONSE with success:false and an errorReason.",
  run: async (context) => {
    const { payload } = await paymentFor(context);
    context.suiteFacilitator.failNextSettlements(1);
    const result = await context.server.pay(context.server.routes.paid, payload);
    const settlement = paymentResponseOf(context.expect, result, "failed settlement");
    context.expect.equal(settlement.success, false, "PAYMENT-RESPONSE success");
    context.expect.that(settlement.errorReason, "PAYMENT-RESPONSE has no errorReason");
  },
});
