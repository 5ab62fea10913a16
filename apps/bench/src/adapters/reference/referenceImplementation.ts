import { wrapFetchWithPayment } from "@x402/fetch";
import type { Implementation } from "../types.js";
import { createReferenceClient } from "./createReferenceClient.js";
import { referencePayloadSigner } from "./referencePayloadSigner.js";
import { startReferenceFacilitator } from "./startReferenceFacilitator.js";
import { startReferenceServer } from "./startReferenceServer.js";

/** The reference packages, `@x402/*` 2.27.0, wired as their documentation shows. */
export const referenceImplementation: Implementation = {
  name: "reference",
  startFacilitator: startReferenceFacilitator,
  startServer: startReferenceServer,
  createPaidFetch: (parameters) => wrapFetchWithPayment(fetch, createReferenceClient(parameters)),
  createPayloadSigner: (parameters) => referencePayloadSigner(createReferenceClient(parameters)),
};
