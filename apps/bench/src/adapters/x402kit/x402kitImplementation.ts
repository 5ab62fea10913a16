import { wrapFetch } from "@x402kit/client";
import type { PaymentRequired } from "@x402kit/types";
import type { Implementation } from "../types.js";
import { createX402kitClient } from "./createX402kitClient.js";
import { startX402kitFacilitator } from "./startX402kitFacilitator.js";
import { startX402kitServer } from "./startX402kitServer.js";

/** x402kit's packages (client, server/express, facilitator, evm), wired as apps/demo does. */
export const x402kitImplementation: Implementation = {
  name: "x402kit",
  startFacilitator: startX402kitFacilitator,
  startServer: startX402kitServer,
  createPaidFetch: (parameters) => wrapFetch(fetch, createX402kitClient(parameters)),
  createPayloadSigner(parameters) {
    const client = createX402kitClient(parameters);
    return {
      async signPayload(paymentRequired) {
        const payment = await client.createPayment(paymentRequired as unknown as PaymentRequired);
        return {
          paymentPayload: payment.paymentPayload as unknown as Record<string, unknown>,
          header: payment.headerValue,
        };
      },
    };
  },
};
