import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.expired",
  spec: ["v2 §6.1.2 (4)", "v2 §9"],
  description: "An authorization whose validBefore has passed is invalid (valid_before).",
  reasons: reasons.validBefore,
  build: async ({ signExactPayment, chain }, { buyer, requirements }) => {
    const now = await chain.now();
    return {
      payload: await signExactPayment({
        buyer: buyer.account,
        requirements,
        overrides: { authorization: { validAfter: now - 3600n, validBefore: now - 60n } },
      }),
    };
  },
});
