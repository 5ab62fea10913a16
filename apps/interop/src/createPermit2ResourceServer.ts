import { createResourceServer, type FacilitatorLike, type ResourceServer } from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import type { TestChainWithPermit2 } from "@x402kit/testchain";
import { uptoEvmServer } from "@x402kit/upto-evm";

/** The exact Permit2 route: 0.02 Permit Dollar (MockERC20Permit, no EIP-3009), in atomic units. */
export const permit2Price = 20_000n;

/** The upto route: at most $0.05, that is 50 000 atomic units of MockUSDC. */
export const uptoMaximum = { usd: "$0.05", atomic: 50_000n } as const;

/** The paths of the two routes. */
export const permit2Paths = { exact: "/permit2/report", upto: "/upto/llm" } as const;

export type CreatePermit2ResourceServerParameters = {
  chain: TestChainWithPermit2;
  /** Verifies and settles both routes; upto also learns the facilitator's address from its `GET /supported`. */
  facilitator: FacilitatorLike;
};

/**
 * x402kit's resource-server engine with the two Permit2 routes, paid to the chain's seller: `exact` in the chain's
 * Permit2 token with `assetTransferMethod: "permit2"` (scheme_exact_evm.md), and `upto` in MockUSDC, whose price is
 * the maximum the client authorises (scheme_upto_evm.md).
 */
export function createPermit2ResourceServer(
  parameters: CreatePermit2ResourceServerParameters,
): ResourceServer {
  const { chain, facilitator } = parameters;
  const token = chain.permit2Token;
  return createResourceServer({
    routes: {
      [`GET ${permit2Paths.exact}`]: {
        accepts: {
          scheme: "exact",
          network: chain.network,
          price: {
            amount: String(permit2Price),
            asset: token.address,
            extra: { name: token.name, version: token.version, assetTransferMethod: "permit2" },
          },
          payTo: chain.accounts.seller.address,
        },
        description: "Interop test resource, paid through Permit2",
        mimeType: "application/json",
      },
      [`GET ${permit2Paths.upto}`]: {
        accepts: {
          scheme: "upto",
          network: chain.network,
          price: uptoMaximum.usd,
          payTo: chain.accounts.seller.address,
        },
        description: "Interop test resource, metered",
        mimeType: "application/json",
      },
    },
    schemes: [
      exactEvmServer({ assets: { [chain.network]: chain.usdc } }),
      uptoEvmServer({ assets: { [chain.network]: chain.usdc }, facilitator }),
    ],
    facilitator,
  });
}
