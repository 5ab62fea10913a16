import { expectPaymentRefused } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.lower-amount",
  spec: ["v2 §5.2.2 (accepted)", "v2 §6.1.2 (3)"],
  level: "MUST",
  role: "server",
  description: "A payment that names and signs a lower amount than offered is refused and moves nothing.",
  run: async (context) => {
    const buyer = await context.newBuyer();
    const { payload } = await context.server.signFor(context.server.routes.paid, buyer.account, {
      authorization: { value: 1n },
      accepted: { amount: "1" },
    });
    await expectPaymentRefused(context, buyer, context.server.routes.paid, payload, "amount 1");
  },
});
