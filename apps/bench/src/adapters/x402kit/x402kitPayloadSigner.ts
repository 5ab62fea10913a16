import type { X402Client } from "@x402kit/client";
import type { PaymentRequired } from "@x402kit/types";
import type { PayloadSigner } from "../types.js";

/** Signs payments for a 402 with x402kit's client (any of its schemes), as the client does before it retries. */
export function x402kitPayloadSigner(client: X402Client): PayloadSigner {
  return {
    async signPayload(paymentRequired) {
      const payment = await client.createPayment(paymentRequired as unknown as PaymentRequired);
      return {
        paymentPayload: payment.paymentPayload as unknown as Record<string, unknown>,
        header: payment.headerValue,
      };
    },
  };
}
