import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.wrong-signer",
  spec: ["v2 §6.1.2 (1)", "exact-evm §1 Phase 2 (1)"],
  description: "A well-formed signature by a key other than `from` is invalid.",
  reasons: reasons.signature,
  build: async ({ signExactPayment, newBuyer }, { buyer, requirements }) => {
    const thief = await newBuyer({ usdc: 0n });
    return {
      payload: await signExactPayment({
        buyer: buyer.account,
        requirements,
        overrides: { signer: thief.account },
      }),
    };
  },
});
