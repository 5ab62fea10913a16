import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.bad-signature",
  spec: ["v2 §6.1.2 (1)", "v2 §9"],
  description: "65 bytes that are not a signature of the authorization are invalid.",
  reasons: reasons.signature,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { signature: `0x${"11".repeat(64)}1b` },
    }),
  }),
});
