import { HTTPFacilitatorClient } from "@x402/core/server";
import { ExactEvmScheme } from "@x402/evm/exact/server";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { listen } from "../../harness/listen.js";
import { createBenchApp } from "../benchApp.js";
import { maxTimeoutSeconds } from "../settings.js";
import type { RunningService, StartServerParameters } from "../types.js";

/**
 * The bench app behind `@x402/express`'s `paymentMiddleware`, as its README shows: an `x402ResourceServer` with an
 * `HTTPFacilitatorClient` and the exact EVM server scheme. MockUSDC is no default asset of the reference, so the
 * price is given as an asset amount with its EIP-712 domain in `extra`.
 */
export async function startReferenceServer(parameters: StartServerParameters): Promise<RunningService> {
  const { chain } = parameters;
  if (!parameters.payment) return listen(createBenchApp());
  const resourceServer = new x402ResourceServer(
    new HTTPFacilitatorClient({ url: parameters.facilitatorUrl }),
  ).register(chain.network, new ExactEvmScheme());
  const middleware = paymentMiddleware(
    {
      "GET /paid": {
        accepts: {
          scheme: "exact",
          network: chain.network,
          payTo: parameters.payTo,
          price: {
            amount: parameters.amount.toString(),
            asset: chain.usdc.address,
            extra: { name: chain.usdc.name, version: chain.usdc.version },
          },
          maxTimeoutSeconds,
        },
        description: "A paid report",
        mimeType: "application/json",
      },
    },
    resourceServer,
  );
  return listen(createBenchApp(middleware));
}
