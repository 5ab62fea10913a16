import type { PaymentPayload, PaymentPayloadV1, PaymentRequirements } from "@x402kit/types";

/**
 * Normalises a v1 payment payload (spec v1 §5.2: no `accepted`) to v2 form, given the requirements it pays.
 * The result is internal: x402Version stays what the wire said only in the caller's hands.
 */
export function payloadFromV1(payload: PaymentPayloadV1, requirements: PaymentRequirements): PaymentPayload {
  return { x402Version: 2, accepted: requirements, payload: payload.payload };
}
