import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { PaymentRequired, SettleResponse } from "@x402kit/types";
import { metaKeys } from "../shared/metaKeys.js";

export type ToolErrorResultParameters = {
  paymentRequired: PaymentRequired;
  /** The `x402/error` code: 402 for payment-required errors (transports-v2/mcp.md), else the engine's 5xx hint. */
  code: number;
  message: string;
  /** A refused settlement: reported in `structuredContent` and in `_meta`. */
  settlement?: SettleResponse | undefined;
};

/**
 * A tool result that asks for payment or reports a failed one (transports-v2/mcp.md, "Payment Required
 * Signaling" and "Settlement Failure"): `isError: true`, the PaymentRequired as `structuredContent`, and the
 * `x402/error` wrapper JSON-encoded in `content[0].text`. Never any tool output.
 */
export function toolErrorResult(parameters: ToolErrorResultParameters): CallToolResult {
  const { paymentRequired, code, message, settlement } = parameters;
  const structuredContent = settlement
    ? { ...paymentRequired, [metaKeys.paymentResponse]: settlement }
    : paymentRequired;
  return {
    isError: true,
    structuredContent,
    content: [
      {
        type: "text",
        text: JSON.stringify({ [metaKeys.error]: { code, message, data: structuredContent } }),
      },
    ],
    ...(settlement ? { _meta: { [metaKeys.paymentResponse]: settlement } } : {}),
  };
}
