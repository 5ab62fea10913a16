import { rejectedSvmVerifyCase, svmReasons } from "../../context/svmChecks.js";

export default rejectedSvmVerifyCase({
  id: "facilitator.svm.verify.memo-mismatch",
  spec: ["exact-svm Verification Rules 1", "exact-svm PaymentRequirements (extra.memo)"],
  description: "With extra.memo in the requirements, a payment whose Memo holds other text is invalid.",
  reasons: svmReasons.memo,
  build: async (solana, { buyer, requirements }) => {
    const withMemo = {
      ...requirements,
      extra: { ...requirements.extra, memo: "invoice-42" },
    };
    return {
      requirements: withMemo,
      payload: await solana.signExactPayment({
        buyer,
        requirements: withMemo,
        overrides: { memo: "invoice-43" },
      }),
    };
  },
});
