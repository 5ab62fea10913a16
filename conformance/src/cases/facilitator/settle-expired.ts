import { reasons, rejectedSettleCase } from "../../context/facilitatorChecks.js";

export default rejectedSettleCase({
  id: "facilitator.settle.expired",
  spec: ["v2 §7.2", "v2 §6.1.2 (4)"],
  description: "Settle of an expired authorization fails without sending a transfer.",
  reasons: [...reasons.validBefore, "invalid_transaction_state"],
  build: async ({ signExactPayment, chain }, { buyer, requirements }) => {
    const now = await chain.now();
    return {
      payload: await signExactPayment({
        buyer: buyer.account,
        requirements,
        overrides: { authorization: { validAfter: now - 3600n, validBefore: now - 60n } },
      }),
    };
  },
});
