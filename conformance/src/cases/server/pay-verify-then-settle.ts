import { paymentFor } from "../../context/serverChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.pay.verify-then-settle",
  spec: ["v2 §2 (step 4)"],
  rationale:
    "Step 4 verifies the authorization and then initiates settlement; the suite reads that order from the facilitator's calls: one verify, then one settle.",
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
