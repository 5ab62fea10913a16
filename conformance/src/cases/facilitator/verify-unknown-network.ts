import { reasons, rejectedVerifyCase } from "../../context/facilitatorChecks.js";

export default rejectedVerifyCase({
  id: "facilitator.verify.unknown-network",
  spec: ["v2 §7.1", "v2 §9 (invalid_network)"],
  description:
    "A payment on a network the facilitator does not support is isValid:false with invalid_network.",
  reasons: reasons.network,
  build: async ({ signExactPayment }, { buyer, requirements }) => {
    const other = { ...requirements, network: "eip155:999999999" };
    return {
      payload: await signExactPayment({
        buyer: buyer.account,
        requirements: other,
        overrides: { domain: { chainId: 999999999 } },
      }),
      requirements: other,
    };
  },
});
