import { signInWithXMetaKey } from "@x402kit/types";

/** The `_meta` and wrapper keys of the MCP transport (transports-v2/mcp.md). */
export const metaKeys = {
  /** `tools/call` params `_meta`: the PaymentPayload. */
  payment: "x402/payment",
  /** Tool result `_meta` (and `structuredContent` on a settlement failure): the SettlementResponse. */
  paymentResponse: "x402/payment-response",
  /** The wrapper of `content[0].text` on an error: `{ code, message, data: PaymentRequired }`. */
  error: "x402/error",
  /**
   * `tools/call` params `_meta`: a sign-in-with-x proof (the object). The spec defines no MCP key; x402kit's choice
   * follows `x402/payment`.
   */
  signInWithX: signInWithXMetaKey,
} as const;
