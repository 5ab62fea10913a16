import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.unknown-scheme",
  spec: ["v2 §7.1", "v2 §9 (unsupported_scheme)"],
  description: "A payment in a scheme the facilitator does not support is isValid:false, not an error.",
  reasons: reasons.scheme,
  build: async ({ signExactPayment }, { buyer, requirements }) => {
    const other = { ...requirements, scheme: "x402-conformance-unknown" };
    return {
      payload: await signExactPayment({ buyer: buyer.account, requirements: other }),
      requirements: other,
    };
  },
});
