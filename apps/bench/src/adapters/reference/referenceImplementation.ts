import { encodePaymentSignatureHeader } from "@x402/core/http";
import type { PaymentRequired } from "@x402/core/types";
import { wrapFetchWithPayment } from "@x402/fetch";
import type { Implementation } from "../types.js";
import { createReferenceClient } from "./createReferenceClient.js";
import { startReferenceFacilitator } from "./startReferenceFacilitator.js";
import { startReferenceServer } from "./startReferenceServer.js";

/** The reference packages, `@x402/*` 2.27.0, wired as their documentation shows. */
export const referenceImplementation: Implementation = {
  name: "reference",
  startFacilitator: startReferenceFacilitator,
  startServer: startReferenceServer,
  createPaidFetch: (parameters) => wrapFetchWithPayment(fetch, createReferenceClient(parameters)),
  createPayloadSigner(parameters) {
    const client = createReferenceClient(parameters);
    return {
      async signPayload(paymentRequired) {
        const paymentPayload = await client.createPaymentPayload(
          paymentRequired as unknown as PaymentRequired,
        );
        return {
          paymentPayload: paymentPayload as unknown as Record<string, unknown>,
          header: encodePaymentSignatureHeader(paymentPayload),
        };
      },
    };
  },
};
