import { createKeyPairSignerFromBytes } from "@solana/kit";
import { x402Client } from "@x402/core/client";
import { x402Facilitator } from "@x402/core/facilitator";
import { HTTPFacilitatorClient } from "@x402/core/server";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { wrapFetchWithPayment } from "@x402/fetch";
import { toFacilitatorSvmSigner } from "@x402/svm";
import { ExactSvmScheme as ExactSvmClientScheme } from "@x402/svm/exact/client";
import { registerExactSvmScheme } from "@x402/svm/exact/facilitator";
import { ExactSvmScheme as ExactSvmServerScheme } from "@x402/svm/exact/server";
import { listen } from "../../harness/listen.js";
import { createBenchApp } from "../benchApp.js";
import { referencePayloadSigner } from "../reference/referencePayloadSigner.js";
import { serveReferenceFacilitator } from "../reference/serveReferenceFacilitator.js";
import { maxTimeoutSeconds } from "../settings.js";
import type { CreateSvmClientParameters, SvmSide } from "./types.js";

/**
 * The reference client (`@x402/core`'s `x402Client` with `@x402/svm`'s exact scheme, reading the chain's RPC). The
 * mock USDC is no default asset of the reference, so it is allowed through the spend controls (uncapped).
 */
const client = ({ chain, buyer }: CreateSvmClientParameters) =>
  new x402Client()
    .register(chain.network, new ExactSvmClientScheme(buyer, { rpcUrl: chain.rpcUrl }))
    .setSpendControls({ allowedAssets: [{ network: chain.network, asset: chain.usdc.address }] });

/** The reference's exact on Solana (`@x402/svm` 2.27 with `@x402/core`, `@x402/express`, `@x402/fetch`). */
export const referenceSvm: SvmSide = {
  async startFacilitator({ chain, feePayerSecretKey }) {
    const feePayer = await createKeyPairSignerFromBytes(Buffer.from(feePayerSecretKey, "base64"));
    const facilitator = new x402Facilitator();
    registerExactSvmScheme(facilitator, {
      signer: toFacilitatorSvmSigner(feePayer, { defaultRpcUrl: chain.rpcUrl }),
      networks: chain.network,
    });
    return serveReferenceFacilitator(facilitator);
  },

  startServer({ chain, facilitatorUrl, payTo, amount }) {
    // No `rpcUrl`: no blockhash in the 402, the client fetches its own (as x402kit's server does by default).
    const resourceServer = new x402ResourceServer(
      new HTTPFacilitatorClient({ url: facilitatorUrl }),
    ).register(chain.network, new ExactSvmServerScheme());
    const middleware = paymentMiddleware(
      {
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
      resourceServer,
    );
    return listen(createBenchApp(middleware));
  },

  createPaidFetch: (parameters) => wrapFetchWithPayment(fetch, client(parameters)),

  createPayloadSigner: (parameters) => referencePayloadSigner(client(parameters)),
};
