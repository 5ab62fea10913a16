import type { PaymentRequired } from "@x402kit/types";
import { ReliabilityError } from "./ReliabilityError.js";
import { sendPayment } from "./sendPayment.js";

/** Asks for a resource without paying; returns its 402's decoded `PAYMENT-REQUIRED` (spec v2 §5.1). */
export async function requestPaymentRequired(url: string): Promise<PaymentRequired> {
  const answer = await sendPayment(url, undefined);
  if (answer.status !== 402 || !answer.paymentRequired)
    throw new ReliabilityError("unexpected_response", `Expected a 402 with PAYMENT-REQUIRED from ${url}.`, {
      details: { status: answer.status },
    });
  return answer.paymentRequired;
}
