import { paymentFor } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.pay.verify-then-settle",
  section: "spec v2 §2 (steps 3-4); x402 notes: order on the resource server",
  level: "SHOULD",
  role: "server",
  description: "A paid request is verified, then settled exactly once.",
  run: async (context) => {
    const { payload } = await paymentFor(context);
    context.expect.status(await context.server.pay(context.server.routes.paid, payload), 200, "paid request");
    const paths = context.suiteFacilitator.calls.map((c) => c.path).filter((p) => p !== "/supported");
    context.expect.equal(paths.join(","), "/verify,/settle", "facilitator calls");
  },
});
