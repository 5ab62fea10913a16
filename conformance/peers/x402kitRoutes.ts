import {
  type CreateResourceServerParameters,
  createFacilitatorClient,
  createMemoryStore,
  type PaymentOption,
  signInWithXAccess,
} from "@x402kit/core";
import { evmSignInVerifier, exactEvmServer } from "@x402kit/evm";
import { exactSvmServer } from "@x402kit/svm";
import { contentMarker, serverRoutes } from "../src/index.js";

/** What a paid handler answers: contains the marker the suite looks for (README: route contract). */
export const paidContent = { content: contentMarker } as const;

/**
 * The route contract (README) as x402kit's resource-server configuration: `/paid` and `/error` cost PRICE,
 * `/expensive` PRICE_EXPENSIVE, each one exact requirement in atomic units of ASSET with its EIP-712 domain, paid
 * through the suite's facilitator at FACILITATOR_URL; `/paid` offers sign-in-with-x. On a Solana NETWORK
 * (`--family solana`), exact on Solana (@x402kit/svm) with the facilitator's fee payer, and no sign-in-with-x (the
 * suite signs in with EVM keys only). Shared by every x402kit server adapter.
 */
export function x402kitRoutes(env: Record<string, string | undefined>): CreateResourceServerParameters {
  const network = env["NETWORK"] ?? `eip155:${env["CHAIN_ID"]}`;
  // A Solana run (--family solana): the mint as ASSET, the fee payer from the facilitator's GET /supported.
  const solana = network.startsWith("solana:");
  const facilitator = createFacilitatorClient({ url: env["FACILITATOR_URL"]! });
  const option = (amount: string): PaymentOption => ({
    scheme: "exact",
    network,
    payTo: env["PAY_TO"]!,
    price: solana
      ? { amount, asset: env["ASSET"]! }
      : { amount, asset: env["ASSET"]!, extra: { name: env["ASSET_NAME"]!, version: env["ASSET_VERSION"]! } },
    maxTimeoutSeconds: solana ? 60 : 300,
  });
  const route = (amount: string, description: string) => ({
    accepts: option(amount),
    description,
    mimeType: "application/json",
  });
  if (solana)
    return {
      routes: {
        [`GET ${serverRoutes.paid}`]: route(env["PRICE"]!, "paid"),
        [`GET ${serverRoutes.expensive}`]: route(env["PRICE_EXPENSIVE"]!, "expensive"),
        [`GET ${serverRoutes.error}`]: route(env["PRICE"]!, "fails"),
      },
      schemes: [exactSvmServer({ facilitator })],
      facilitator,
    };
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
    facilitator,
  };
}
