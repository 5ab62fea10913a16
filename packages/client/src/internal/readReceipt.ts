import {
  decodePaymentResponseHeader,
  decodeXPaymentResponseHeader,
  headerNames,
  type SettleResponse,
  v1NetworkToCaip2,
} from "@x402kit/types";

/**
 * The settlement response of a paid request: `PAYMENT-RESPONSE` (v2), else `X-PAYMENT-RESPONSE` (v1, its network
 * name turned into CAIP-2 where known). Undefined when absent or malformed: a receipt never throws.
 */
export function readReceipt(header: (name: string) => string | null | undefined): SettleResponse | undefined {
  try {
    const v2 = header(headerNames.paymentResponse);
    if (v2) return decodePaymentResponseHeader(v2);
  } catch {
    // Malformed: try the v1 header, then give up quietly.
  }
  try {
    const v1 = header(headerNames.xPaymentResponse);
    if (!v1) return undefined;
    const decoded = decodeXPaymentResponseHeader(v1);
    return { ...decoded, network: v1NetworkToCaip2(decoded.network) ?? decoded.network };
  } catch {
    return undefined;
  }
}
