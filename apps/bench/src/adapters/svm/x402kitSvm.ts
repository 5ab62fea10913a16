import { createKeyPairSignerFromBytes } from "@solana/kit";
import { createX402Client, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { paymentMiddleware } from "@x402kit/server/express";
import { exactSvmClient, exactSvmFacilitator, exactSvmServer } from "@x402kit/svm";
import { pino } from "pino";
import { listen } from "../../harness/listen.js";
import { createBenchApp } from "../benchApp.js";
import { maxTimeoutSeconds, receiptPollingIntervalMs } from "../settings.js";
import { x402kitPayloadSigner } from "../x402kit/x402kitPayloadSigner.js";
import type { CreateSvmClientParameters, SvmSide } from "./types.js";

const client = ({ chain, buyer }: CreateSvmClientParameters) =>
  createX402Client({ schemes: [exactSvmClient({ signer: buyer, rpc: chain.rpcUrl })] });

/** x402kit's exact on Solana (`@x402kit/svm` in its client, express server and facilitator), as apps/demo wires it. */
export const x402kitSvm: SvmSide = {
  async startFacilitator({ chain, feePayerSecretKey }) {
    const logger = pino({ level: "silent" });
    const feePayer = await createKeyPairSignerFromBytes(Buffer.from(feePayerSecretKey, "base64"));
    const facilitator = createFacilitator({
      logger,
      schemes: [
        exactSvmFacilitator({
          networks: { [chain.network]: { rpc: chain.rpcUrl, feePayer } },
          pollingIntervalMs: receiptPollingIntervalMs,
        }),
      ],
    });
    const server = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
    return { url: server.url, close: () => server.close() };
  },

  startServer({ chain, facilitatorUrl, payTo, amount }) {
    const facilitator = createFacilitatorClient({ url: facilitatorUrl });
    const middleware = paymentMiddleware({
      routes: {
        "GET /paid": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            payTo,
            price: { amount: amount.toString(), asset: chain.usdc.address },
            maxTimeoutSeconds,
          },
          description: "A paid report",
          mimeType: "application/json",
        },
      },
      schemes: [exactSvmServer({ assets: { [chain.network]: chain.usdc }, facilitator })],
      facilitator,
    });
    return listen(createBenchApp(middleware));
  },

  createPaidFetch: (parameters) => wrapFetch(fetch, client(parameters)),

  createPayloadSigner: (parameters) => x402kitPayloadSigner(client(parameters)),
};
