import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type SettleResponse, settleResponseSchema } from "@x402kit/types";
import { metaKeys } from "../shared/metaKeys.js";

/**
 * The SettlementResponse of a paid tool call: `_meta["x402/payment-response"]` (transports-v2/mcp.md, "Settlement
 * Response Delivery"), or on a settlement failure `structuredContent["x402/payment-response"]`.
 */
export function readPaymentResponse(result: CallToolResult): SettleResponse | undefined {
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  for (const candidate of [
    result._meta?.[metaKeys.paymentResponse],
    structured?.[metaKeys.paymentResponse],
  ]) {
    const parsed = settleResponseSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}
