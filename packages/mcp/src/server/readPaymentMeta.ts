import type { PaymentInput } from "@x402kit/core";
import { isJsonWithinDepth, paymentPayloadSchema } from "@x402kit/types";

export type ReadPaymentMetaReturnType =
  | { type: "payment"; payment: PaymentInput | undefined }
  | { type: "invalid"; reason: string; message: string };

/**
 * Reads `_meta["x402/payment"]` of a `tools/call` (transports-v2/mcp.md, "Payment Payload Transmission"): absent,
 * a valid v2 PaymentPayload object, or invalid with a reason code. A payload that names another resource than
 * this tool (`resource.url`) is a payment for another tool.
 */
export function readPaymentMeta(value: unknown, url: string): ReadPaymentMetaReturnType {
  if (value === undefined) return { type: "payment", payment: undefined };
  const invalid = (reason: string, message: string) => ({ type: "invalid" as const, reason, message });
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return invalid("invalid_payload", `_meta["x402/payment"] must be a PaymentPayload object.`);
  if (!isJsonWithinDepth(value))
    return invalid("invalid_payload", `_meta["x402/payment"] is nested too deeply.`);
  if ((value as { x402Version?: unknown }).x402Version !== 2)
    return invalid("invalid_x402_version", "The MCP transport carries x402 version 2 payments only.");
  const parsed = paymentPayloadSchema.safeParse(value);
  if (!parsed.success)
    return invalid("invalid_payload", `_meta["x402/payment"] is not a valid PaymentPayload.`);
  if (parsed.data.resource && parsed.data.resource.url !== url)
    return invalid(
      "payment_requirements_mismatch",
      `The payment is for ${parsed.data.resource.url}, not ${url}.`,
    );
  return { type: "payment", payment: { x402Version: 2, payload: parsed.data } };
}
