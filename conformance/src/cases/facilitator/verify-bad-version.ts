import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.bad-version",
  spec: ["v2 §5.2.2", "v2 §9 (invalid_x402_version)"],
  description:
    "A request in an x402 version the facilitator does not speak is isValid:false with invalid_x402_version.",
  reasons: reasons.version,
  build: async ({ signExactPayment }, { buyer, requirements }) => {
    const payload = await signExactPayment({ buyer: buyer.account, requirements });
    return { payload: { ...payload, x402Version: 99 }, x402Version: 99 };
  },
});
