import { expectPaymentRefused } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.failed-verification",
  spec: ["v2 §2 (step 4)", "http-v2 Error Handling (Payment Failed: 402)"],
  level: "MUST",
  role: "server",
  description: "A payment that fails verification gets 402, no content, and is never settled.",
  run: async (context) => {
    const buyer = await context.newBuyer();
    const thief = await context.newBuyer({ usdc: 0n });
    const { payload } = await context.server.signFor(context.server.routes.paid, buyer.account, {
      signer: thief.account,
    });
    const result = await expectPaymentRefused(
      context,
      buyer,
      context.server.routes.paid,
      payload,
      "wrong signer",
    );
    context.expect.status(result, 402, "a payment that fails verification");
    context.expect.that(
      !context.suiteFacilitator.calls.some((c) => c.path === "/settle"),
      "the server settled an invalid payment",
    );
  },
});
