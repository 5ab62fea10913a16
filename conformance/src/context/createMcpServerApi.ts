import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type PaymentPayload, type PaymentRequired, paymentRequiredSchema } from "@x402kit/types";
import type { Address } from "viem";
import { CaseFailure } from "./CaseOutcome.js";
import { show } from "./createExpect.js";
import type { SignExactPaymentParameters } from "./signExactPayment.js";

/** The tools that an MCP server under test exposes (README: "Tool contract"). */
export const mcpTools = {
  /** Costs PRICE; answers a text content containing `contentMarker`. */
  paid: "paid",
  /** Costs PRICE; fails (throws, or answers `isError`). */
  fails: "fails",
  /** Free; answers a text content containing `contentMarker`. */
  free: "free",
} as const;

/** The transport's `_meta` keys (transports-v2/mcp.md). */
export const mcpKeys = {
  payment: "x402/payment",
  paymentResponse: "x402/payment-response",
  error: "x402/error",
} as const;

export type McpServerApi = {
  tools: typeof mcpTools;
  price: string;
  payTo: Address;
  contentMarker: string;
  /** `tools/call`; `payment` goes in `params._meta["x402/payment"]` as it is. */
  call: (name: string, options?: { payment?: unknown }) => Promise<CallToolResult>;
  /** Calls `name` unpaid and reads the PaymentRequired from `structuredContent` (fails the case without one). */
  paymentRequired: (name: string) => Promise<{ result: CallToolResult; paymentRequired: PaymentRequired }>;
  /** Signs a payment for the first requirement that `name` offers (overrides as in `signExactPayment`). */
  pay: (
    name: string,
    parameters: Omit<SignExactPaymentParameters, "requirements">,
  ) => Promise<{ payload: PaymentPayload; paymentRequired: PaymentRequired }>;
  /** The text of a result's content parts, joined. */
  textOf: (result: CallToolResult) => string;
};

export type ConnectMcpServerParameters = {
  command: string;
  env: Record<string, string>;
  cwd: string;
  price: string;
  payTo: Address;
  contentMarker: string;
  signExactPayment: (parameters: SignExactPaymentParameters) => Promise<PaymentPayload>;
  echo?: boolean;
};

/** Starts the MCP server under test (`sh -c <command>`) on stdio and connects the suite's MCP client to it. */
export async function connectMcpServer(
  parameters: ConnectMcpServerParameters,
): Promise<{ api: McpServerApi; close: () => Promise<void> }> {
  const transport = new StdioClientTransport({
    command: "sh",
    args: ["-c", parameters.command],
    env: { ...(process.env as Record<string, string>), ...parameters.env },
    cwd: parameters.cwd,
    stderr: parameters.echo ? "inherit" : "ignore",
  });
  const client = new Client({ name: "x402-conformance", version: "1.0.0" });
  await client.connect(transport);
  const textOf = (result: CallToolResult) =>
    (result.content ?? []).map((part) => (part.type === "text" ? part.text : "")).join("");
  const call: McpServerApi["call"] = async (name, options = {}) =>
    (await client.callTool({
      name,
      arguments: {},
      ...(options.payment !== undefined ? { _meta: { [mcpKeys.payment]: options.payment } } : {}),
    })) as CallToolResult;
  const paymentRequired: McpServerApi["paymentRequired"] = async (name) => {
    const result = await call(name);
    const parsed = paymentRequiredSchema.safeParse(result.structuredContent);
    if (!result.isError || !parsed.success)
      throw new CaseFailure(`an unpaid call of "${name}" answered no PaymentRequired: ${show(result)}`);
    return { result, paymentRequired: parsed.data };
  };
  return {
    api: {
      tools: mcpTools,
      price: parameters.price,
      payTo: parameters.payTo,
      contentMarker: parameters.contentMarker,
      call,
      paymentRequired,
      pay: async (name, signing) => {
        const { paymentRequired: required } = await paymentRequired(name);
        const requirements = required.accepts[0];
        if (!requirements) throw new CaseFailure(`"${name}" offers no requirement`);
        const payload = await parameters.signExactPayment({ ...signing, requirements });
        return { payload: { ...payload, resource: required.resource }, paymentRequired: required };
      },
      textOf,
    },
    close: async () => {
      await client.close().catch(() => {});
    },
  };
}
