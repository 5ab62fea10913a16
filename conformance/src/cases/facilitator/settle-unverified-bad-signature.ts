import { reasons, rejectedSettleCase } from "../../context/facilitatorChecks.js";

export default rejectedSettleCase({
  id: "facilitator.settle.unverified-bad-signature",
  spec: ["v2 §7.2", "v2 §5.3", "exact-evm §1 Phase 2", "exact-evm §1 Phase 3"],
  description: 'Settle of a payment signed by the wrong key fails with transaction "" and moves nothing.',
  reasons: [...reasons.signature, "invalid_transaction_state"],
  build: async ({ signExactPayment, newBuyer }, { buyer, requirements }) => {
    const thief = await newBuyer({ usdc: 0n });
    return {
      payload: await signExactPayment({
        buyer: buyer.account,
        requirements,
        overrides: { signer: thief.account },
      }),
    };
  },
});
