import type { ReasonCode } from "@x402kit/types";
import type { VerifiedEvmPayment } from "./types.js";

/** A refused verification: `isValid: false` with its reason, a one-line message, and the payer when known. */
export function invalidVerification(
  reason: ReasonCode,
  message: string,
  payer?: string | undefined,
): VerifiedEvmPayment & { call?: undefined } {
  return {
    response: { isValid: false, invalidReason: reason, invalidMessage: message, ...(payer ? { payer } : {}) },
  };
}
