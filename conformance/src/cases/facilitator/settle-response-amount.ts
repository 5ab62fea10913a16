import { freshPayment, settleValid } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.settle.response-fields",
  spec: ["v2 §5.3.2 (payer, amount)"],
  level: "MAY",
  role: "facilitator",
  description: "A successful SettleResponse names the payer and the settled amount.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    const body = await settleValid(context, payload, requirements, buyer);
    context.expect.that(body.payer !== undefined, "SettleResponse has no payer");
    context.expect.equal(body.amount, requirements.amount, "SettleResponse amount");
  },
});
