import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.amount-too-high",
  spec: ["v2 §6.1.2 (3)", "v2 §9"],
  description: "Exact means exact: an authorization for more than the required amount is invalid too.",
  reasons: reasons.amount,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { value: BigInt(requirements.amount) * 2n } },
    }),
  }),
});
