import { freshPayment, readVerifyResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.verify.payer-on-invalid",
  spec: ["v2 §7.1 (error response example)", "v2 §5.4"],
  level: "MAY",
  role: "facilitator",
  description: "An invalid payment whose signer is known still names the payer in the VerifyResponse.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { value: 1n } },
    });
    const body = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, requirements)),
    );
    context.expect.equal(body.isValid, false, "isValid");
    context.expect.equal(body.payer?.toLowerCase(), buyer.address.toLowerCase(), "payer");
  },
});
