import { paymentFor, unchanged } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.settle-failure.no-content",
  section: "transports-v2 http: Settlement Response Delivery (failure: 402); x402 notes",
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
