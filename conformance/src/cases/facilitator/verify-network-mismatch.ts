import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.network-mismatch",
  spec: ["v2 §5.2.2", "v2 §9", "exact-evm §1 Phase 2 (4)"],
  description: "A payload whose accepted network differs from the requirements' network is invalid.",
  reasons: reasons.requirementsMismatch,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { accepted: { network: "eip155:84532" } },
    }),
  }),
});
