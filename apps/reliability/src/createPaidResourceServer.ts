import {
  createResourceServer,
  type FacilitatorLike,
  type Price,
  type ResourceServer,
  type RoutesConfig,
} from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import type { TestChain, TestChainToken } from "@x402kit/testchain";
import { paidRoutes } from "./paidRoutes.js";

export type CreatePaidResourceServerParameters = {
  chain: TestChain;
  facilitator: FacilitatorLike | readonly FacilitatorLike[];
  tokenB?: TestChainToken | undefined;
};

const money = (atomic: bigint) => `$${(Number(atomic) / 1e6).toFixed(6)}`;

/** The engine behind every test app: `paidRoutes`, exact scheme, MockUSDC (and `tokenB`), paid to the seller. */
export function createPaidResourceServer(parameters: CreatePaidResourceServerParameters): ResourceServer {
  const { chain, tokenB } = parameters;
  const option = (price: Price) => ({
    scheme: "exact",
    network: chain.network,
    price,
    payTo: chain.accounts.seller.address,
    maxTimeoutSeconds: 60,
  });
  const routes: RoutesConfig = {};
  for (const path of ["/cheap", "/expensive", "/fail"] as const)
    routes[`GET ${path}`] = { accepts: option(money(paidRoutes[path])), mimeType: "application/json" };
  if (tokenB)
    routes["GET /token-b"] = {
      accepts: {
        ...option({
          amount: paidRoutes["/token-b"].toString(),
          asset: tokenB.address,
          extra: { name: tokenB.name, version: tokenB.version },
        }),
      },
      mimeType: "application/json",
    };
  return createResourceServer({
    routes,
    schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
    facilitator: parameters.facilitator,
  });
}
