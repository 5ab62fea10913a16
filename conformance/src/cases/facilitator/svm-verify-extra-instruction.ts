import { rejectedSvmVerifyCase, svmReasons } from "../../context/svmChecks.js";

export default rejectedSvmVerifyCase({
  id: "facilitator.svm.verify.instruction-layout",
  spec: ["exact-svm Verification Rules 1"],
  description:
    "A transaction with a second TransferChecked after the first (outside the allowed layout) is invalid.",
  reasons: svmReasons.layout,
  build: async (solana, { buyer, requirements }) => ({
    payload: await solana.signExactPayment({
      buyer,
      requirements,
      overrides: { instructions: (p) => [p.limit, p.price, p.transfer, p.transfer, p.memo] },
    }),
  }),
});
