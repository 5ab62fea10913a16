import { reasons, rejectedSettleCase } from "../../context/facilitatorChecks.js";

export default rejectedSettleCase({
  id: "facilitator.settle.unknown-network",
  spec: ["v2 §7.2", "v2 §9 (invalid_network)"],
  level: "SHOULD",
  description: "Settle on a network the facilitator does not support answers success:false, not an error.",
  reasons: [...reasons.network, ...reasons.scheme],
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
