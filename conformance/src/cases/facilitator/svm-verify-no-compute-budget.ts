import { rejectedSvmVerifyCase, svmReasons } from "../../context/svmChecks.js";

export default rejectedSvmVerifyCase({
  id: "facilitator.svm.verify.missing-compute-budget",
  spec: ["exact-svm Verification Rules 1", "exact-svm Verification Rules 3"],
  description:
    "A transaction without the SetComputeUnitLimit and SetComputeUnitPrice instructions first is invalid.",
  reasons: svmReasons.layout,
  build: async (solana, { buyer, requirements }) => ({
    payload: await solana.signExactPayment({
      buyer,
      requirements,
      overrides: { instructions: (p) => [p.transfer, p.memo] },
    }),
  }),
});
