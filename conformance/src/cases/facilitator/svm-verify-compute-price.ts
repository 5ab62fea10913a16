import { rejectedSvmVerifyCase, svmReasons } from "../../context/svmChecks.js";

export default rejectedSvmVerifyCase({
  id: "facilitator.svm.verify.compute-price-too-high",
  spec: ["exact-svm Verification Rules 3"],
  rationale:
    "The rule bounds the compute unit price and names the reference's bound, 5 lamports per unit; a price of " +
    "5 000 001 micro-lamports per unit is past it, and an implementation MAY only be stricter.",
  description:
    "A SetComputeUnitPrice above 5 lamports per compute unit is invalid (the fee payer would pay it).",
  reasons: svmReasons.computePrice,
  build: async (solana, { buyer, requirements }) => ({
    payload: await solana.signExactPayment({
      buyer,
      requirements,
      overrides: { computeUnitPriceMicroLamports: 5_000_001n },
    }),
  }),
});
