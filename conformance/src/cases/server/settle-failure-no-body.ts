import { paymentFor, unchanged } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.settle-failure.no-content",
  spec: [
    "http-v2 Settlement Response Delivery (Example: Failure)",
    "http-v2 Error Handling (Payment Failed: 402)",
  ],
  rationale:
    "A failed settlement is answered with 402 (Payment Failed); the content is what the payment buys, so it must not travel with that 402.",
  level: "MUST",
  role: "server",
  description: "When settlement fails, the answer is 402 and never the handler's content.",
  run: async (context) => {
    const { buyer, payload } = await paymentFor(context);
    context.suiteFacilitator.failNextSettlements(1);
    await context.expect.balanceChanges(unchanged(context, buyer), async () => {
      const result = await context.server.pay(context.server.routes.paid, payload);
      context.expect.that(
        !context.server.delivered(result),
        "the content was delivered although settlement failed",
      );
      context.expect.status(result, 402, "failed settlement");
    });
  },
});
