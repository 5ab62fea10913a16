import { paymentFor, unchanged } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.handler-error.no-settlement",
  spec: ["v2 §2", "http-v2 Error Handling"],
  rationale:
    "The flow settles to deliver the resource; a handler that failed (status 400 or more) delivered nothing, so the suite requires that no money moves for it.",
  level: "MUST",
  role: "server",
  description: "When the route's handler fails (HTTP 500), the payment is not settled: no money moves.",
  run: async (context) => {
    const { buyer, payload } = await paymentFor(context, context.server.routes.error);
    await context.expect.balanceChanges(unchanged(context, buyer), async () => {
      const result = await context.server.pay(context.server.routes.error, payload);
      context.expect.that(result.status >= 400, `GET /error answered ${result.status}`);
    });
    context.expect.that(
      !context.suiteFacilitator.calls.some((c) => c.path === "/settle"),
      "the server asked the facilitator to settle",
    );
  },
});
