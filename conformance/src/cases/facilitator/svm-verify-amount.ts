import { rejectedSvmVerifyCase, svmReasons } from "../../context/svmChecks.js";

export default rejectedSvmVerifyCase({
  id: "facilitator.svm.verify.amount-mismatch",
  spec: ["exact-svm Verification Rules 6", "v2 §6.1.2 (3)"],
  description: "A TransferChecked of one unit more than the required amount is invalid; so is its settle.",
  reasons: svmReasons.amount,
  build: async (solana, { buyer, requirements }) => ({
    payload: await solana.signExactPayment({
      buyer,
      requirements,
      overrides: { amount: BigInt(requirements.amount) + 1n },
    }),
  }),
});
