import { wrapFetch } from "@x402kit/client";
import type { Implementation } from "../types.js";
import { createX402kitClient } from "./createX402kitClient.js";
import { startX402kitFacilitator } from "./startX402kitFacilitator.js";
import { startX402kitServer } from "./startX402kitServer.js";
import { x402kitPayloadSigner } from "./x402kitPayloadSigner.js";

/** x402kit's packages (client, server/express, facilitator, evm), wired as apps/demo does. */
export const x402kitImplementation: Implementation = {
  name: "x402kit",
  startFacilitator: startX402kitFacilitator,
  startServer: startX402kitServer,
  createPaidFetch: (parameters) => wrapFetch(fetch, createX402kitClient(parameters)),
  createPayloadSigner: (parameters) => x402kitPayloadSigner(createX402kitClient(parameters)),
};
