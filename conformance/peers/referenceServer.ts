// Adapter: the reference implementation's Express middleware (@x402/express + @x402/evm, and @x402/svm on a Solana
// NETWORK, from npm) as a resource server under test.
// Command: x402-conformance server --cmd "pnpm exec tsx peers/referenceServer.ts"
// Env (from the suite): RPC_URL, CHAIN_ID, NETWORK, ASSET, ASSET_NAME, ASSET_VERSION, PAY_TO, PRICE, PRICE_EXPENSIVE,
// FACILITATOR_URL, PORT (with --family solana: NETWORK, ASSET, RPC_URL on Solana, no CHAIN_ID or ASSET_NAME/VERSION).
// Routes: the suite's route contract (README).
import { HTTPFacilitatorClient, x402ResourceServer } from "@x402/core/server";
import { ExactEvmScheme } from "@x402/evm/exact/server";
import { paymentMiddleware } from "@x402/express";
import { ExactSvmScheme } from "@x402/svm/exact/server";
import express from "express";
import { isMain, listenExpress } from "./listenExpress.js";

/** The string the suite looks for in a paid response (README: route contract). */
const content = { content: "x402-conformance-content" };

export async function startReferenceServer(env: Record<string, string | undefined>) {
  const network = (env["NETWORK"] ?? `eip155:${env["CHAIN_ID"]}`) as `${string}:${string}`;
  // A Solana run (--family solana): @x402/svm's server scheme, which reads a blockhash from RPC_URL (the suite's
  // chain, never a public cluster); the fee payer comes from the facilitator's GET /supported.
  const solana = network.startsWith("solana:");
  const option = (amount: string) => ({
    scheme: "exact",
    network,
    payTo: env["PAY_TO"]!,
    price: solana
      ? { amount, asset: env["ASSET"]! }
      : { amount, asset: env["ASSET"]!, extra: { name: env["ASSET_NAME"]!, version: env["ASSET_VERSION"]! } },
    maxTimeoutSeconds: solana ? 60 : 300,
  });
  const resourceServer = new x402ResourceServer(
    new HTTPFacilitatorClient({ url: env["FACILITATOR_URL"]! }),
  ).register(network, solana ? new ExactSvmScheme({ rpcUrl: env["RPC_URL"]! }) : new ExactEvmScheme());
  const app = express();
  app.use(
    paymentMiddleware(
      {
        "GET /paid": { accepts: option(env["PRICE"]!), description: "paid", mimeType: "application/json" },
        "GET /expensive": {
          accepts: option(env["PRICE_EXPENSIVE"]!),
          description: "expensive",
          mimeType: "application/json",
        },
        "GET /error": { accepts: option(env["PRICE"]!), description: "fails", mimeType: "application/json" },
      },
      resourceServer,
    ),
  );
  app.get("/paid", (_request, response) => {
    response.json(content);
  });
  app.get("/expensive", (_request, response) => {
    response.json(content);
  });
  app.get("/error", (_request, response) => {
    response.status(500).json({ error: "the handler failed" });
  });
  return listenExpress(app, Number(env["PORT"] ?? 0));
}

if (isMain(import.meta.url)) {
  const { url } = await startReferenceServer(process.env);
  console.log(`reference server listening on ${url}`);
}
