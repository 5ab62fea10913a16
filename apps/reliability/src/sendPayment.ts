import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  headerNames,
  type PaymentRequired,
  type SettleResponse,
} from "@x402kit/types";

export type PaidAnswer = {
  status: number;
  body: string;
  /** The decoded `PAYMENT-RESPONSE`, when there is one. */
  settlement: SettleResponse | undefined;
  /** The decoded `PAYMENT-REQUIRED` of a 402 (or 400/431), when there is one. */
  paymentRequired: PaymentRequired | undefined;
  /** The reason the answer gives: `PAYMENT-RESPONSE`'s errorReason, `PAYMENT-REQUIRED`'s error or the body's `error`. */
  reason: string | undefined;
  /** How long the answer took, in ms. */
  ms: number;
};

const tryDecode = <value>(decode: (text: string) => value, text: string | null): value | undefined => {
  if (!text) return undefined;
  try {
    return decode(text);
  } catch {
    return undefined;
  }
};

/** Sends `PAYMENT-SIGNATURE: header` (none when undefined) with a GET and reads the answer, whatever it is. */
export async function sendPayment(url: string, header: string | undefined): Promise<PaidAnswer> {
  const started = performance.now();
  const response = await fetch(url, header ? { headers: { [headerNames.paymentSignature]: header } } : {});
  const body = await response.text();
  const settlement = tryDecode(
    decodePaymentResponseHeader,
    response.headers.get(headerNames.paymentResponse),
  );
  const paymentRequired = tryDecode(
    decodePaymentRequiredHeader,
    response.headers.get(headerNames.paymentRequired),
  );
  let bodyError: string | undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed?.error === "string") bodyError = parsed.error;
  } catch {
    // Not JSON: no reason in the body.
  }
  return {
    status: response.status,
    body,
    settlement,
    paymentRequired,
    reason:
      (settlement?.success === false ? settlement.errorReason : undefined) ??
      paymentRequired?.error ??
      bodyError,
    ms: performance.now() - started,
  };
}
