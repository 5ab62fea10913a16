import { expectPaymentRefused, paymentFor } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.replay",
  spec: ["v2 §10.1"],
  level: "MUST",
  role: "server",
  description:
    "A payment that was already settled and delivered, sent again, gets no content and moves nothing.",
  run: async (context) => {
    const { buyer, payload } = await paymentFor(context);
    context.expect.status(await context.server.pay(context.server.routes.paid, payload), 200, "first use");
    await expectPaymentRefused(context, buyer, context.server.routes.paid, payload, "replayed payment");
  },
});
