import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.wrong-domain-version",
  spec: ["exact-evm §1 Phase 2 (1)", "v2 §9"],
  description: "A signature over a wrong EIP-712 domain version is invalid.",
  reasons: reasons.signature,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { domain: { version: "1" } },
    }),
  }),
});
