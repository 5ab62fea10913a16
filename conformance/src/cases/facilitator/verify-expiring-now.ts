import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.expiring-now",
  spec: ["v2 §6.1.2 (4)"],
  rationale:
    "An authorization that expires within a block's time would verify and then fail to settle; the suite expects verify to refuse one that expires within a few seconds (SHOULD).",
  level: "SHOULD",
  description: "An authorization that expires within a block or two cannot be settled in time: invalid.",
  reasons: reasons.validBefore,
  build: async ({ signExactPayment, chain }, { buyer, requirements }) => {
    const wall = BigInt(Math.floor(Date.now() / 1000));
    const now = await chain.now();
    return {
      payload: await signExactPayment({
        buyer: buyer.account,
        requirements,
        overrides: { authorization: { validBefore: (now > wall ? now : wall) + 1n } },
      }),
    };
  },
});
