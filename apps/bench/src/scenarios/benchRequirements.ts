import type { Hex } from "viem";
import { maxTimeoutSeconds } from "../adapters/settings.js";
import type { BenchChain, PaymentRequiredMessage } from "../adapters/types.js";

export type BenchRequirementsParameters = { chain: BenchChain; payTo: Hex; amount: bigint };

/**
 * v2 PaymentRequirements for MockUSDC on the local chain (spec v2 §5.1, exact EVM `extra` = EIP-712 domain), and the
 * PaymentRequired message a server would send with them.
 */
export function benchRequirements(parameters: BenchRequirementsParameters): {
  requirements: Record<string, unknown>;
  paymentRequired: PaymentRequiredMessage;
} {
  const { chain } = parameters;
  const requirements = {
    scheme: "exact",
    network: chain.network,
    amount: parameters.amount.toString(),
    asset: chain.usdc.address,
    payTo: parameters.payTo,
    maxTimeoutSeconds,
    extra: { name: chain.usdc.name, version: chain.usdc.version },
  };
  return {
    requirements,
    paymentRequired: {
      x402Version: 2,
      resource: { url: "http://127.0.0.1/bench", description: "bench", mimeType: "application/json" },
      accepts: [requirements],
    },
  };
}
