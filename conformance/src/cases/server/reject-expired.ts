import { expectPaymentRefused } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.expired",
  spec: ["v2 §6.1.2 (4)"],
  level: "MUST",
  role: "server",
  description: "A payment whose authorization has expired is refused and moves nothing.",
  run: async (context) => {
    const buyer = await context.newBuyer();
    const now = await context.chain.now();
    const { payload } = await context.server.signFor(context.server.routes.paid, buyer.account, {
      authorization: { validAfter: now - 3600n, validBefore: now - 60n },
    });
    await expectPaymentRefused(context, buyer, context.server.routes.paid, payload, "expired authorization");
  },
});
