import { rejectedSvmVerifyCase, svmReasons } from "../../context/svmChecks.js";

export default rejectedSvmVerifyCase({
  id: "facilitator.svm.verify.unsigned",
  spec: ["v2 §6.1.2 (1)", "exact-svm PaymentPayload (partially-signed)"],
  description: "A transaction whose transfer authority (the buyer) did not sign is invalid.",
  reasons: svmReasons.signature,
  build: async (solana, { buyer, requirements }) => ({
    payload: await solana.signExactPayment({ buyer, requirements, overrides: { unsigned: true } }),
  }),
});
