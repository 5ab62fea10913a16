import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type PaymentRequired, type PaymentRequiredV1, paymentRequiredSchema } from "@x402kit/types";
import { metaKeys } from "../shared/metaKeys.js";

export type FindPaymentRequiredReturnType =
  | { type: "v2"; paymentRequired: PaymentRequired; code: number | undefined }
  /** A message that says x402 version 1: not part of the MCP transport; reported, never paid. */
  | {
      type: "other-version";
      paymentRequired: PaymentRequiredV1 | Record<string, unknown>;
      code: number | undefined;
    }
  | undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The PaymentRequired of an `isError` tool result, looked for in the order of transports-v2/mcp.md ("Client
 * Requirements"): `structuredContent`, then `structuredContent["x402/error"].data`, then `content[0].text` parsed
 * as JSON (a PaymentRequired, or the `x402/error` wrapper). Also returns the wrapper's `code` when there is one.
 */
export function findPaymentRequired(result: CallToolResult): FindPaymentRequiredReturnType {
  if (!result.isError) return undefined;
  let code: number | undefined;
  const candidates: unknown[] = [];
  const structured = result.structuredContent;
  if (isObject(structured)) {
    candidates.push(structured);
    const wrapped = structured[metaKeys.error];
    if (isObject(wrapped)) candidates.push(wrapped.data);
  }
  const first = result.content?.[0];
  if (first?.type === "text") {
    try {
      const parsed: unknown = JSON.parse(first.text);
      if (isObject(parsed)) {
        const wrapped = parsed[metaKeys.error];
        if (isObject(wrapped)) {
          if (typeof wrapped.code === "number") code = wrapped.code;
          candidates.push(wrapped.data);
        } else candidates.push(parsed);
      }
    } catch {
      // Not JSON: a plain error text.
    }
  }
  for (const candidate of candidates) {
    if (!isObject(candidate) || !("accepts" in candidate) || !("x402Version" in candidate)) continue;
    // Clients detect the format by `x402Version` (transports-v2/mcp.md, "Error Handling").
    if (candidate.x402Version !== 2) return { type: "other-version", paymentRequired: candidate, code };
    const parsed = paymentRequiredSchema.safeParse(candidate);
    if (parsed.success) return { type: "v2", paymentRequired: parsed.data, code };
  }
  return undefined;
}
