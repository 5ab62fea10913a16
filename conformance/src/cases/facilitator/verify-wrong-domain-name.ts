import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.wrong-domain-name",
  spec: ["exact-evm §1 Phase 2 (1)", "v2 §9"],
  description: 'A signature over a wrong EIP-712 domain name ("USDC" for "USD Coin") is invalid.',
  reasons: reasons.signature,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { domain: { name: "USDC" } },
    }),
  }),
});
