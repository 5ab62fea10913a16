import { headerNames } from "@x402kit/types";
import { type ParsePaymentRequiredReturnType, parsePaymentRequired } from "./parsePaymentRequired.js";

export type GetPaymentRequiredReturnType = ParsePaymentRequiredReturnType;

/**
 * The payment information of a fetch 402 response, v2 or v1 (see `parsePaymentRequired`). The body is read from
 * a clone, and only when there is no valid `PAYMENT-REQUIRED` header, so the response stays readable.
 */
export async function getPaymentRequired(response: Response): Promise<GetPaymentRequiredReturnType> {
  if (response.status !== 402) return undefined;
  const header = response.headers.get(headerNames.paymentRequired);
  const fromHeader = header ? parsePaymentRequired({ header }) : undefined;
  if (fromHeader?.x402Version === 2) return fromHeader;
  if (response.bodyUsed) return undefined;
  const body = await response
    .clone()
    .text()
    .catch(() => undefined);
  return parsePaymentRequired({ body });
}
