import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.missing-authorization",
  spec: ["v2 §9 (invalid_payload)", "exact-evm §1 Phase 1"],
  level: "SHOULD",
  description:
    "An exact payload without its authorization is isValid:false with invalid_payload, not a crash.",
  reasons: reasons.payload,
  build: async ({ signExactPayment }, { buyer, requirements }) => {
    const payload = await signExactPayment({ buyer: buyer.account, requirements });
    return {
      payload: { ...payload, payload: { signature: (payload.payload as { signature: string }).signature } },
    };
  },
});
