import { createResourceServer, type FacilitatorLike, type ResourceServer } from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import type { TestChain } from "@x402kit/testchain";

/** The price of every paid test route: $0.01, that is 10 000 atomic units of the 6-decimal MockUSDC. */
export const testPrice = { usd: "$0.01", atomic: 10_000n } as const;

/** What the paid test routes answer, to tell delivered content from a refusal. */
export const testContent = { content: "the paid report" } as const;

/** The priced path pattern of the test apps: every GET under it costs `testPrice`. */
export const paidPathPattern = "/paid/*";

export type CreatePaidResourceServerParameters = {
  chain: TestChain;
  facilitator: FacilitatorLike;
  /** Default 60 (the engine's default). */
  maxTimeoutSeconds?: number | undefined;
};

/**
 * x402kit's resource-server engine for the test apps: `/paid/*` costs $0.01 in the chain's MockUSDC with the exact
 * scheme, paid to the chain's seller, verified and settled by `facilitator`.
 */
export function createPaidResourceServer(parameters: CreatePaidResourceServerParameters): ResourceServer {
  const { chain } = parameters;
  return createResourceServer({
    routes: {
      [paidPathPattern]: {
        accepts: {
          scheme: "exact",
          network: chain.network,
          price: testPrice.usd,
          payTo: chain.accounts.seller.address,
          maxTimeoutSeconds: parameters.maxTimeoutSeconds,
        },
        description: "Interop test resource",
        mimeType: "application/json",
      },
    },
    schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
    facilitator: parameters.facilitator,
  });
}
