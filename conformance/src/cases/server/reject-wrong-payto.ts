import { expectPaymentRefused } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.other-recipient",
  spec: ["v2 §5.2.2 (accepted)", "v2 §6.1.2 (5)"],
  level: "MUST",
  role: "server",
  description:
    "A payment to another payTo (in accepted and in the authorization) is refused and moves nothing.",
  run: async (context) => {
    const buyer = await context.newBuyer();
    const other = context.newAddress();
    const { payload } = await context.server.signFor(context.server.routes.paid, buyer.account, {
      authorization: { to: other },
      accepted: { payTo: other },
    });
    await context.expect.balanceChanges([{ address: other, delta: 0n, label: "other recipient" }], () =>
      expectPaymentRefused(context, buyer, context.server.routes.paid, payload, "payment to another address"),
    );
  },
});
