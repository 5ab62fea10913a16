import { expectPaymentRefused, paymentFor } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.cheap-payment-on-expensive-route",
  spec: ["v2 §5.2.2 (accepted)"],
  level: "MUST",
  role: "server",
  description:
    "A valid payment for the cheap route, replayed on the expensive route, is refused and moves nothing.",
  run: async (context) => {
    const { buyer, payload } = await paymentFor(context, context.server.routes.paid);
    await expectPaymentRefused(
      context,
      buyer,
      context.server.routes.expensive,
      payload,
      "cheap payment on /expensive",
    );
  },
});
