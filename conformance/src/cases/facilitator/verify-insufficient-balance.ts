import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.insufficient-balance",
  spec: ["v2 §6.1.2 (2)", "v2 §9", "exact-evm §1 Phase 2 (2)"],
  description: "A payer holding less than the amount gets isValid:false with insufficient_funds.",
  reasons: reasons.funds,
  build: async ({ signExactPayment, newBuyer }, { requirements }) => {
    const poor = await newBuyer({ usdc: BigInt(requirements.amount) - 1n });
    return { payload: await signExactPayment({ buyer: poor.account, requirements }) };
  },
});
