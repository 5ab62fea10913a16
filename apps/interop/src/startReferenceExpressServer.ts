import { HTTPFacilitatorClient } from "@x402/core/server";
import { ExactEvmScheme } from "@x402/evm/exact/server";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import type { TestChain } from "@x402kit/testchain";
import express from "express";
import { testPrice } from "./createPaidResourceServer.js";
import { type ListenReturnType, listen } from "./listen.js";

export type StartReferenceExpressServerParameters = {
  chain: TestChain;
  /** The facilitator that the reference server calls over HTTP. */
  facilitatorUrl: string;
  /** The JSON body of `GET /paid/report`. */
  body: unknown;
  /** The route's `extensions` (e.g. the reference's `declareDiscoveryExtension`). */
  extensions?: Record<string, unknown> | undefined;
  /** Resource-server extensions to register (e.g. `bazaarResourceServerExtension`). */
  serverExtensions?: Parameters<x402ResourceServer["registerExtension"]>[0][] | undefined;
};

/**
 * The reference resource server: `@x402/express`'s `paymentMiddleware` with `@x402/evm`'s exact server scheme,
 * `GET /paid/report` at `testPrice` in the chain's MockUSDC (an explicit asset and EIP-712 domain, since the
 * reference knows no USDC on a local chain), paid to the chain's seller, verified and settled by `facilitatorUrl`.
 * It asks the facilitator's `GET /supported` on start, as its documentation shows.
 */
export async function startReferenceExpressServer(
  parameters: StartReferenceExpressServerParameters,
): Promise<ListenReturnType> {
  const { chain } = parameters;
  const resourceServer = new x402ResourceServer(
    new HTTPFacilitatorClient({ url: parameters.facilitatorUrl }),
  ).register(chain.network, new ExactEvmScheme());
  for (const extension of parameters.serverExtensions ?? []) resourceServer.registerExtension(extension);
  const app = express();
  app.use(
    paymentMiddleware(
      {
        "GET /paid/report": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            payTo: chain.accounts.seller.address,
            price: {
              amount: testPrice.atomic.toString(),
              asset: chain.usdc.address,
              extra: { name: chain.usdc.name, version: chain.usdc.version },
            },
          },
          description: "Interop test resource",
          mimeType: "application/json",
          ...(parameters.extensions ? { extensions: parameters.extensions } : {}),
        },
      },
      resourceServer,
    ),
  );
  app.get("/paid/report", (_req, res) => {
    res.json(parameters.body);
  });
  return listen(app);
}
