import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.wrong-recipient",
  spec: ["v2 §6.1.2 (5)", "v2 §9", "exact-evm §1 Phase 2 (3)"],
  description: "An authorization that pays someone other than payTo is invalid (recipient mismatch).",
  reasons: reasons.recipient,
  build: async ({ signExactPayment, newAddress }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { to: newAddress() } },
    }),
  }),
});
