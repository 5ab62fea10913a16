import { reasons, rejectedSettleCase } from "../../context/facilitatorChecks.js";

export default rejectedSettleCase({
  id: "facilitator.settle.insufficient-balance",
  spec: ["v2 §7.2", "v2 §9 (insufficient_funds)"],
  description: 'Settle for a payer without enough funds fails with insufficient_funds and transaction "".',
  reasons: [...reasons.funds, "invalid_transaction_state"],
  build: async ({ signExactPayment, newBuyer }, { requirements }) => {
    const poor = await newBuyer({ usdc: 0n });
    return { payload: await signExactPayment({ buyer: poor.account, requirements }) };
  },
});
