import {
  type CreateResourceServerParameters,
  createFacilitatorClient,
  type PaymentOption,
} from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import { contentMarker, serverRoutes } from "../src/index.js";

/** What a paid handler answers: contains the marker the suite looks for (README: route contract). */
export const paidContent = { content: contentMarker } as const;

/**
 * The route contract (README) as x402kit's resource-server configuration: `/paid` and `/error` cost PRICE,
 * `/expensive` PRICE_EXPENSIVE, each one exact requirement in atomic units of ASSET with its EIP-712 domain, paid
 * through the suite's facilitator at FACILITATOR_URL. Shared by every x402kit server adapter.
 */
export function x402kitRoutes(env: Record<string, string | undefined>): CreateResourceServerParameters {
  const network = env["NETWORK"] ?? `eip155:${env["CHAIN_ID"]}`;
  const option = (amount: string): PaymentOption => ({
    scheme: "exact",
    network,
    payTo: env["PAY_TO"]!,
    price: {
      amount,
      asset: env["ASSET"]!,
      extra: { name: env["ASSET_NAME"]!, version: env["ASSET_VERSION"]! },
    },
    maxTimeoutSeconds: 300,
  });
  const route = (amount: string, description: string) => ({
    accepts: option(amount),
    description,
    mimeType: "application/json",
  });
  return {
    routes: {
      [`GET ${serverRoutes.paid}`]: route(env["PRICE"]!, "paid"),
      [`GET ${serverRoutes.expensive}`]: route(env["PRICE_EXPENSIVE"]!, "expensive"),
      [`GET ${serverRoutes.error}`]: route(env["PRICE"]!, "fails"),
    },
    schemes: [exactEvmServer()],
    facilitator: createFacilitatorClient({ url: env["FACILITATOR_URL"]! }),
  };
}
