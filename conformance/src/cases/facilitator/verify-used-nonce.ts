import { expectRejected, freshPayment, reasons, settleValid } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.verify.used-nonce",
  spec: ["v2 §10.1", "exact-evm §1 Phase 2 (5)"],
  level: "MUST",
  role: "facilitator",
  description: "An authorization whose nonce was already used on-chain is invalid.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    await settleValid(context, payload, requirements, buyer);
    expectRejected(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, requirements)),
      reasons.nonceUsed,
    );
  },
});
