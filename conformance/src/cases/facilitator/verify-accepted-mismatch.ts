import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.accepted-mismatch",
  spec: ["v2 §5.2.2 (accepted)", "v2 §7.1"],
  level: "SHOULD",
  description:
    "A payload whose `accepted` names another asset than the requirements it is checked against is invalid.",
  reasons: reasons.requirementsMismatch,
  build: async ({ signExactPayment, chain }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: {
        accepted: { asset: chain.otherToken.address, extra: { name: chain.otherToken.name, version: "2" } },
      },
    }),
  }),
});
