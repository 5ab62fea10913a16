import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.wrong-chain",
  spec: ["v2 §6.1.2 (1)", "exact-evm §1 Phase 2 (1, 4)"],
  description: "A signature made for another chain id (EIP-712 domain) is invalid on this network.",
  reasons: reasons.signature,
  build: async ({ signExactPayment }, { buyer, requirements }) => ({
    payload: await signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { domain: { chainId: 1 } },
    }),
  }),
});
