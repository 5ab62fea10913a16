import {
  type CreateResourceServerParameters,
  createFacilitatorClient,
  createMemoryStore,
  type PaymentOption,
  signInWithXAccess,
} from "@x402kit/core";
import { evmSignInVerifier, exactEvmServer } from "@x402kit/evm";
import { contentMarker, serverRoutes } from "../src/index.js";

/** What a paid handler answers: contains the marker the suite looks for (README: route contract). */
export const paidContent = { content: contentMarker } as const;

/**
 * The route contract (README) as x402kit's resource-server configuration: `/paid` and `/error` cost PRICE,
 * `/expensive` PRICE_EXPENSIVE, each one exact requirement in atomic units of ASSET with its EIP-712 domain, paid
 * through the suite's facilitator at FACILITATOR_URL; `/paid` offers sign-in-with-x. Shared by every x402kit server
 * adapter.
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
  // `/paid` offers sign-in-with-x: its payer comes back without paying again (the server.siwx cases).
  const signIn = signInWithXAccess({
    chains: [{ chainId: network, type: "eip191" }],
    verifiers: [evmSignInVerifier()],
    store: createMemoryStore(),
  });
  return {
    hooks: signIn.hooks,
    routes: {
      [`GET ${serverRoutes.paid}`]: { ...route(env["PRICE"]!, "paid"), extensions: signIn.extensions },
      [`GET ${serverRoutes.expensive}`]: route(env["PRICE_EXPENSIVE"]!, "expensive"),
      [`GET ${serverRoutes.error}`]: route(env["PRICE"]!, "fails"),
    },
    schemes: [exactEvmServer()],
    facilitator: createFacilitatorClient({ url: env["FACILITATOR_URL"]! }),
  };
}
