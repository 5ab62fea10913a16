import { createFacilitatorClient } from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import { paymentMiddleware } from "@x402kit/server/express";
import { listen } from "../../harness/listen.js";
import { createBenchApp } from "../benchApp.js";
import { maxTimeoutSeconds } from "../settings.js";
import type { RunningService, StartServerParameters } from "../types.js";

/** The bench app behind `@x402kit/server/express`'s `paymentMiddleware`, wired as apps/demo does. */
export async function startX402kitServer(parameters: StartServerParameters): Promise<RunningService> {
  const { chain } = parameters;
  if (!parameters.payment) return listen(createBenchApp());
  const middleware = paymentMiddleware({
    routes: {
      "GET /paid": {
        accepts: {
          scheme: "exact",
          network: chain.network,
          payTo: parameters.payTo,
          price: { amount: parameters.amount.toString(), asset: chain.usdc.address },
          maxTimeoutSeconds,
        },
        description: "A paid report",
        mimeType: "application/json",
      },
    },
    schemes: [exactEvmServer({ assets: { [chain.network]: { ...chain.usdc } } })],
    facilitator: createFacilitatorClient({ url: parameters.facilitatorUrl }),
  });
  return listen(createBenchApp(middleware));
}
