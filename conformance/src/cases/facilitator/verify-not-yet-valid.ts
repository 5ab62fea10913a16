import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.not-yet-valid",
  spec: ["v2 §6.1.2 (4)", "v2 §9"],
  description: "An authorization whose validAfter lies in the future is invalid (valid_after).",
  reasons: reasons.validAfter,
  build: async ({ signExactPayment, chain }, { buyer, requirements }) => {
    const now = await chain.now();
    return {
      payload: await signExactPayment({
        buyer: buyer.account,
        requirements,
        overrides: { authorization: { validAfter: now + 120n, validBefore: now + 240n } },
      }),
    };
  },
});
