import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { X402Error } from "@x402kit/core";
import type { PaymentRequired } from "@x402kit/types";

export type McpPaymentErrorCode =
  /** `onPaymentRequested` refused the payment. */
  | "payment_declined"
  /** The tool asks for a payment in another x402 version than the MCP transport's (2). */
  | "unsupported_x402_version";

/** A paying MCP client did not pay a tool; `result` is the tool's unpaid answer. */
export class McpPaymentError extends X402Error<McpPaymentErrorCode> {
  override name = "McpPaymentError";
  readonly result: CallToolResult;
  readonly paymentRequired: PaymentRequired | undefined;

  constructor(
    code: McpPaymentErrorCode,
    message: string,
    options: { result: CallToolResult; paymentRequired?: PaymentRequired | undefined },
  ) {
    super(code, message);
    this.result = options.result;
    this.paymentRequired = options.paymentRequired;
  }
}
