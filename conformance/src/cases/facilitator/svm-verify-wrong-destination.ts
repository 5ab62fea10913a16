import { rejectedSvmVerifyCase, svmReasons } from "../../context/svmChecks.js";

export default rejectedSvmVerifyCase({
  id: "facilitator.svm.verify.wrong-destination",
  spec: ["exact-svm Verification Rules 4", "v2 §6.1.2 (2)"],
  description: "A transfer to another owner's token account than payTo's associated one is invalid.",
  reasons: svmReasons.recipient,
  build: async (solana, { buyer, requirements }) => ({
    payload: await solana.signExactPayment({
      buyer,
      requirements,
      overrides: { destinationOwner: await solana.chain.newPayTo() },
    }),
  }),
});
