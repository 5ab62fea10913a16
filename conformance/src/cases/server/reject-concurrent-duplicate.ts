import { paid, paymentFor } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.concurrent-duplicate",
  spec: ["v2 §10.1"],
  rationale:
    "One authorization pays once; a server that answers three concurrent copies of one payment with its content gives it three times for one payment.",
  level: "MUST",
  role: "server",
  description: "The same payment sent three times at once is delivered at most once and moves money once.",
  run: async (context) => {
    const { buyer, payload } = await paymentFor(context);
    await context.expect.balanceChanges(paid(context, buyer, context.server.price), async () => {
      const results = await Promise.all(
        [0, 1, 2].map(() => context.server.pay(context.server.routes.paid, payload)),
      );
      const delivered = results.filter((r) => context.server.delivered(r)).length;
      context.expect.equal(delivered, 1, "deliveries of one payment");
    });
  },
});
