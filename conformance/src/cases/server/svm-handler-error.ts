import { svmBalanceChanges } from "../../context/svmChecks.js";
import { svmPaid, svmPaymentFor } from "../../context/svmServerChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.svm.handler-error.no-settlement",
  spec: ["v2 §2", "http-v2 Error Handling"],
  rationale:
    "The flow settles to deliver the resource; a handler that failed (status 400 or more) delivered nothing, so the suite requires that no money moves for it.",
  level: "MUST",
  role: "server",
  family: "solana",
  description: "When the route's handler fails (HTTP 500), the Solana payment is not settled: nothing moves.",
  run: async (context) => {
    const { solana, buyer, payload } = await svmPaymentFor(context, context.server.routes.error);
    await svmBalanceChanges(context, solana.chain, svmPaid(solana, buyer, 0n), async () => {
      const result = await context.server.pay(context.server.routes.error, payload);
      context.expect.that(result.status >= 400, `GET /error answered ${result.status}`);
    });
    context.expect.that(
      !context.suiteFacilitator.calls.some((c) => c.path === "/settle"),
      "the server asked the facilitator to settle",
    );
  },
});
