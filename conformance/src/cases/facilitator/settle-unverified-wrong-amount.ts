import { reasons, rejectedSettleCase } from "../../context/facilitatorChecks.js";

export default rejectedSettleCase({
  id: "facilitator.settle.unverified-wrong-amount",
  spec: ["v2 §7.2", "exact-evm §1 Phase 2", "exact-evm §1 Phase 3"],
  description: "Settle without a prior verify still checks the amount: no transfer, success:false.",
  reasons: reasons.amount,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { value: BigInt(requirements.amount) - 1n } },
    }),
  }),
});
