import type { x402Client } from "@x402/core/client";
import { encodePaymentSignatureHeader } from "@x402/core/http";
import type { PaymentRequired } from "@x402/core/types";
import type { PayloadSigner } from "../types.js";

/** Signs payments for a 402 with the reference client (any of its schemes), as it does before it retries. */
export function referencePayloadSigner(client: x402Client): PayloadSigner {
  return {
    async signPayload(paymentRequired) {
      const paymentPayload = await client.createPaymentPayload(paymentRequired as unknown as PaymentRequired);
      return {
        paymentPayload: paymentPayload as unknown as Record<string, unknown>,
        header: encodePaymentSignatureHeader(paymentPayload),
      };
    },
  };
}
