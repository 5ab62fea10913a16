import { rejectedSvmVerifyCase, svmReasons } from "../../context/svmChecks.js";

export default rejectedSvmVerifyCase({
  id: "facilitator.svm.verify.fee-payer-transfers",
  spec: ["exact-svm Verification Rules 2", "exact-svm Verification Rules"],
  description:
    "A transfer whose authority and source are the facilitator's fee payer is invalid: it would sign away its own funds.",
  reasons: svmReasons.feePayer,
  build: async (solana, { buyer, requirements }) => ({
    payload: await solana.signExactPayment({
      buyer,
      requirements,
      overrides: { authority: solana.chain.feePayer },
    }),
  }),
});
