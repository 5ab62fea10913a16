import { expectPaymentRefused } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.wire.every-402-has-header",
  spec: ["http-v2 Payment Required Signaling", "http-v2 Error Handling (Payment Failed: 402)"],
  level: "MUST",
  role: "server",
  description: "The 402 that answers a failed payment carries PAYMENT-REQUIRED too.",
  run: async (context) => {
    const buyer = await context.newBuyer();
    const { payload } = await context.server.signFor(context.server.routes.paid, buyer.account, {
      signature: `0x${"22".repeat(64)}1c`,
    });
    const result = await expectPaymentRefused(
      context,
      buyer,
      context.server.routes.paid,
      payload,
      "invalid signature",
    );
    context.expect.status(result, 402, "a payment that fails verification");
  },
});
