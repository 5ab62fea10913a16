import type { SettleResponse } from "@x402kit/types";
import { readReceipt } from "./internal/readReceipt.js";

export type GetPaymentReceiptParameters = { headers: { get(name: string): string | null } };

export type GetPaymentReceiptReturnType = SettleResponse | undefined;

/**
 * The settlement receipt of a fetch response: the decoded `PAYMENT-RESPONSE` (v2) or `X-PAYMENT-RESPONSE` (v1)
 * header, or undefined when there is none or it is malformed. Never throws.
 */
export function getPaymentReceipt(response: GetPaymentReceiptParameters): GetPaymentReceiptReturnType {
  return readReceipt((name) => response.headers.get(name));
}
