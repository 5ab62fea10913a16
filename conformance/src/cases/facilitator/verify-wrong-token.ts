import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.wrong-token",
  spec: ["exact-evm §1 Phase 2 (1, 4)", "v2 §9"],
  description:
    "A signature for another token contract (verifyingContract) does not authorize the required asset.",
  reasons: reasons.signature,
  build: async ({ signExactPayment, chain }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: {
        domain: {
          verifyingContract: chain.otherToken.address,
          name: chain.otherToken.name,
          version: chain.otherToken.version,
        },
      },
    }),
  }),
});
