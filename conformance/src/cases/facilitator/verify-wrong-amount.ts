import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.wrong-amount",
  spec: ["v2 §6.1.2 (3)", "v2 §9", "exact-evm §1 Phase 2 (3)"],
  description: "An authorization for less than the required amount is invalid (value mismatch).",
  reasons: reasons.amount,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { value: BigInt(requirements.amount) - 1n } },
    }),
  }),
});
