import {
  expectPermit2Rejected,
  newPermit2Buyer,
  permit2Reasons,
  permit2Requirements,
  preparePermit2,
  requirePermit2Support,
  signPermit2Payment,
} from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.permit2.allowance-required",
  spec: ["exact-evm §2 Phase 3 (2)"],
  level: "MUST",
  role: "facilitator",
  description: "A payer who never approved Permit2 (and sends no permit) gets permit2_allowance_required.",
  run: async (context) => {
    const token = await preparePermit2(context);
    await requirePermit2Support(context, token);
    const buyer = await newPermit2Buyer(context, token, { approved: false });
    const requirements = permit2Requirements(context, token);
    const payload = await signPermit2Payment({ chain: context.chain, buyer: buyer.account, requirements });
    await expectPermit2Rejected(context, {
      token,
      buyer,
      requirements,
      payload,
      reasons: permit2Reasons.allowance,
    });
  },
});
