import { decodePaymentRequiredHeader, headerNames, type PaymentRequired } from "@x402kit/types";
import { InteropSetupError } from "./InteropSetupError.js";

/** Asks for a resource without paying and returns the decoded `PAYMENT-REQUIRED` of its 402. */
export async function requestPaymentRequired(url: string): Promise<PaymentRequired> {
  const response = await fetch(url);
  await response.body?.cancel();
  const header = response.headers.get(headerNames.paymentRequired);
  if (response.status !== 402 || !header)
    throw new InteropSetupError("unexpected_response", `Expected a 402 with PAYMENT-REQUIRED from ${url}.`, {
      status: response.status,
    });
  return decodePaymentRequiredHeader(header);
}
