import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { paymentRequiredSchema } from "@x402kit/types";
import { mcpKeys } from "../../context/createMcpServerApi.js";
import type { McpServerContext } from "../../types.js";

/**
 * An x402 error result (transports-v2/mcp.md, "Payment Required Signaling"): `isError`, no tool output, the
 * PaymentRequired in `structuredContent` or in the `x402/error` wrapper of `content[0].text`. Returns it.
 */
export function expectPaymentError(context: McpServerContext, result: CallToolResult, what: string) {
  const { expect, mcpServer } = context;
  expect.that(result.isError === true, `${what}: the result is not isError`);
  const text = mcpServer.textOf(result);
  expect.that(!text.includes(mcpServer.contentMarker), `${what}: the tool's output was sent`);
  let wrapped: unknown;
  try {
    wrapped = (
      JSON.parse(result.content?.[0]?.type === "text" ? result.content[0].text : "") as Record<
        string,
        unknown
      >
    )[mcpKeys.error];
  } catch {
    wrapped = undefined;
  }
  const data = (result.structuredContent ?? (wrapped as { data?: unknown } | undefined)?.data) as unknown;
  return expect.schema(paymentRequiredSchema, data, `${what}: the PaymentRequired`);
}
