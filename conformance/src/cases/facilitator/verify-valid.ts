import { freshPayment, readVerifyResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.verify.valid",
  spec: ["v2 §7.1", "v2 §5.4"],
  level: "MUST",
  role: "facilitator",
  refused: true,
  description: "A valid exact EIP-3009 payment verifies: isValid:true and payer is the signer.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    const body = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, requirements)),
    );
    context.expect.that(
      body.isValid === true,
      `isValid is ${body.isValid} (${body.invalidReason ?? "no reason"})`,
    );
    context.expect.that(
      body.payer !== undefined,
      "a valid VerifyResponse names the payer (spec v2 §7.1 example)",
    );
    context.expect.equal(body.payer?.toLowerCase(), buyer.address.toLowerCase(), "payer");
    if (body.invalidReason)
      context.warn(`a valid payment carries invalidReason "${body.invalidReason}" (spec: omitted if valid)`);
  },
});
