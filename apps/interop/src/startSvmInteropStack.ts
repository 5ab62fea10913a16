import { x402Facilitator } from "@x402/core/facilitator";
import { HTTPFacilitatorClient } from "@x402/core/server";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { toFacilitatorSvmSigner } from "@x402/svm";
import { ExactSvmScheme as ReferenceSvmClient } from "@x402/svm/exact/client";
import { registerExactSvmScheme } from "@x402/svm/exact/facilitator";
import { ExactSvmScheme as ReferenceSvmServer } from "@x402/svm/exact/server";
import { createFacilitatorClient, createResourceServer, type FacilitatorLike } from "@x402kit/core";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { exactSvmFacilitator, exactSvmServer } from "@x402kit/svm";
import type { SolanaTestAccount, SolanaTestChain } from "@x402kit/testchain/solana";
import express from "express";
import { pino } from "pino";
import { testContent, testPrice } from "./createPaidResourceServer.js";
import { type ListenReturnType, listen } from "./listen.js";
import { startAdapterApp } from "./startAdapterApp.js";

/** What the reference's facilitator and x402kit's each serve over HTTP (spec v2 §7). */
export type SvmFacilitators = { x402kit: ListenReturnType; reference: ListenReturnType };

/**
 * x402kit's facilitator for the Solana test chain over HTTP, paying fees from `feePayer`, as it is deployed.
 */
export async function startX402kitSvmFacilitator(
  chain: SolanaTestChain,
  feePayer: SolanaTestAccount,
): Promise<ListenReturnType> {
  const silent = pino({ level: "silent" });
  const facilitator = createFacilitator({
    schemes: [
      exactSvmFacilitator({
        networks: { [chain.network]: { rpc: chain.rpcUrl, feePayer: feePayer.signer } },
        pollingIntervalMs: 50,
      }),
    ],
    logger: silent,
  });
  const server = await createFacilitatorServer({ facilitator, logger: silent }).listen({ port: 0 });
  return { url: server.url, close: () => server.close() };
}

/**
 * The reference facilitator (`@x402/core` + `@x402/svm`'s exact scheme, its fee payer signer over the chain's RPC)
 * behind the thin HTTP glue that its documentation asks the operator to write.
 */
export async function startReferenceSvmFacilitator(
  chain: SolanaTestChain,
  feePayer: SolanaTestAccount,
): Promise<ListenReturnType> {
  const facilitator = new x402Facilitator();
  registerExactSvmScheme(facilitator, {
    signer: toFacilitatorSvmSigner(feePayer.signer, { defaultRpcUrl: chain.rpcUrl }),
    networks: chain.network,
  });
  const app = express();
  app.use(express.json());
  app.get("/supported", (_req, res) => {
    res.json(facilitator.getSupported());
  });
  for (const path of ["/verify", "/settle"] as const)
    app.post(path, async (req, res) => {
      const { paymentPayload, paymentRequirements } = req.body as {
        paymentPayload: never;
        paymentRequirements: never;
      };
      try {
        res.json(
          path === "/verify"
            ? await facilitator.verify(paymentPayload, paymentRequirements)
            : await facilitator.settle(paymentPayload, paymentRequirements),
        );
      } catch (error) {
        res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
      }
    });
  return listen(app);
}

/** x402kit's express server: `GET /paid/report` costs `testPrice` in the chain's USDC, paid to the seller. */
export function startX402kitSvmServer(
  chain: SolanaTestChain,
  facilitator: FacilitatorLike,
): Promise<ListenReturnType> {
  return startAdapterApp({
    adapter: "express",
    server: createResourceServer({
      routes: {
        "/paid/*": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            price: testPrice.usd,
            payTo: chain.accounts.seller.address,
          },
          description: "Interop test resource",
          mimeType: "application/json",
        },
      },
      schemes: [exactSvmServer({ facilitator })],
      facilitator,
    }),
    handlers: { "/paid/report": () => ({ body: testContent }) },
  });
}

/**
 * The reference express server (`@x402/express` + `@x402/svm`'s exact server scheme, with an `rpcUrl` so that its
 * 402 carries a recent blockhash): `GET /paid/report` at `testPrice`, settled by `facilitatorUrl`.
 */
export async function startReferenceSvmServer(
  chain: SolanaTestChain,
  facilitatorUrl: string,
): Promise<ListenReturnType> {
  const resourceServer = new x402ResourceServer(new HTTPFacilitatorClient({ url: facilitatorUrl })).register(
    chain.network,
    new ReferenceSvmServer({ rpcUrl: chain.rpcUrl }),
  );
  const app = express();
  app.use(
    paymentMiddleware(
      {
        "GET /paid/report": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            payTo: chain.accounts.seller.address,
            price: { amount: testPrice.atomic.toString(), asset: chain.usdc.address },
          },
          description: "Interop test resource",
          mimeType: "application/json",
        },
      },
      resourceServer,
    ),
  );
  app.get("/paid/report", (_req, res) => {
    res.json(testContent);
  });
  return listen(app);
}

/** The reference client: `@x402/fetch` with `@x402/svm`'s exact client scheme, reading the chain's RPC. */
export function createReferenceSvmFetch(chain: SolanaTestChain, buyer: SolanaTestAccount) {
  const client = new x402Client()
    .register(chain.network, new ReferenceSvmClient(buyer.signer, { rpcUrl: chain.rpcUrl }))
    .setSpendControls({ allowedAssets: [{ network: chain.network, asset: chain.usdc.address }] });
  return wrapFetchWithPayment(fetch, client);
}

export { createFacilitatorClient };
