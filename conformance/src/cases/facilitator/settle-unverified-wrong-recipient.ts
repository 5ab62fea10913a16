import { reasons, rejectedSettleCase } from "../../context/facilitatorChecks.js";

export default rejectedSettleCase({
  id: "facilitator.settle.unverified-wrong-recipient",
  spec: ["v2 §7.2", "exact-evm §1 Phase 2", "exact-evm §1 Phase 3"],
  description: "Settle without a prior verify still checks the recipient: nothing reaches another address.",
  reasons: reasons.recipient,
  build: async ({ signExactPayment, newAddress }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { to: newAddress() } },
    }),
  }),
});
