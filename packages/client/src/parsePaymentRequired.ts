import {
  decodePaymentRequiredHeader,
  type PaymentRequired,
  type PaymentRequiredV1,
  paymentRequiredV1Schema,
} from "@x402kit/types";

export type ParsePaymentRequiredParameters = {
  /** The `PAYMENT-REQUIRED` header of the 402, if any. */
  header?: string | null | undefined;
  /** The 402's body: parsed JSON, text, or bytes. */
  body?: unknown;
};

export type ParsePaymentRequiredReturnType = PaymentRequired | PaymentRequiredV1 | undefined;

const decoder = new TextDecoder();

function jsonOf(body: unknown): unknown {
  let text: string | undefined;
  if (typeof body === "string") text = body;
  else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body))
    text = decoder.decode(body as ArrayBuffer | ArrayBufferView);
  else return body;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The payment information of a 402: v2 from the `PAYMENT-REQUIRED` header (transports-v2/http.md), else v1 from the
 * JSON body `{x402Version: 1, accepts}` (transports-v1/http.md). Undefined when neither is a valid x402 message.
 */
export function parsePaymentRequired(
  parameters: ParsePaymentRequiredParameters,
): ParsePaymentRequiredReturnType {
  if (parameters.header) {
    try {
      return decodePaymentRequiredHeader(parameters.header);
    } catch {
      // A broken header: a v1 body may still be usable.
    }
  }
  const parsed = paymentRequiredV1Schema.safeParse(jsonOf(parameters.body));
  return parsed.success ? parsed.data : undefined;
}
