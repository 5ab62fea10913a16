import { readVerifyResponse } from "../../context/facilitatorChecks.js";
import {
  newPermit2Buyer,
  permit2Requirements,
  preparePermit2,
  signPermit2Payment,
} from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.permit2.verify-valid",
  spec: ["exact-evm §2 Phase 3", "v2 §7.1"],
  level: "MAY",
  role: "facilitator",
  description: "A valid exact payment through Permit2 (a token without EIP-3009, approved once) verifies.",
  run: async (context) => {
    const token = await preparePermit2(context);
    const buyer = await newPermit2Buyer(context, token, { approved: true });
    const requirements = permit2Requirements(context, token);
    const payload = await signPermit2Payment({ chain: context.chain, buyer: buyer.account, requirements });
    const body = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, requirements)),
    );
    context.expect.that(
      body.isValid === true,
      `isValid is ${body.isValid} (${body.invalidReason ?? "no reason"})`,
    );
    context.expect.equal(body.payer?.toLowerCase(), buyer.address.toLowerCase(), "payer");
  },
});
