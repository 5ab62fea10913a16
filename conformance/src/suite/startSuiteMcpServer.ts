import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  type PaymentRequired,
  type PaymentRequirements,
  paymentPayloadSchema,
  type SettleResponse,
} from "@x402kit/types";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { mcpKeys } from "../context/createMcpServerApi.js";
import { contentMarker } from "../context/createServerApi.js";
import { listenHttp } from "../process/listenHttp.js";
import { sameRequirement } from "./createSuiteJudge.js";
import { settleExactPayment } from "./judgeExactPayment.js";
import type { SuiteChain } from "./suiteChain.js";

/** How the suite's paid MCP tool answers a client under test. */
export type ToolBehaviour = {
  /** `pay`: a normal paid tool. `always-402`: refuses every payment. */
  mode: "pay" | "always-402";
  /**
   * Where the PaymentRequired goes: `structured` (spec: `structuredContent` and the `x402/error` wrapper in
   * `content[0].text`), or `text-only` (the wrapper alone, the fallback a client must also read).
   */
  format: "structured" | "text-only";
  accepts: PaymentRequirements[];
};

/** A `tools/call` of the paid tool. */
export type RecordedToolCall = { at: number; payment?: unknown };

export type SuiteMcpServer = {
  /** Streamable HTTP endpoint, `<url>/mcp`; the paid tool is `paid`. */
  url: string;
  configure: (behaviour: ToolBehaviour) => void;
  calls: RecordedToolCall[];
  settlements: SettleResponse[];
  close: () => Promise<void>;
};

/**
 * The MCP server the suite runs for an MCP client under test: one paid tool over Streamable HTTP (stateless, a
 * fresh McpServer per request), written to transports-v2/mcp.md by hand. It settles with the suite's judge and
 * records every call.
 */
export async function startSuiteMcpServer(parameters: {
  chain: SuiteChain;
  privateKey: Hex;
}): Promise<SuiteMcpServer> {
  const { chain } = parameters;
  const account = privateKeyToAccount(parameters.privateKey);
  let behaviour: ToolBehaviour = { mode: "pay", format: "structured", accepts: [] };
  const calls: RecordedToolCall[] = [];
  const settlements: SettleResponse[] = [];

  const required = (error: string, settlement?: SettleResponse): CallToolResult => {
    const paymentRequired: PaymentRequired = {
      x402Version: 2,
      error,
      resource: { url: "mcp://tool/paid", description: "x402-conformance tool", mimeType: "text/plain" },
      accepts: behaviour.accepts,
    };
    const data = settlement ? { ...paymentRequired, [mcpKeys.paymentResponse]: settlement } : paymentRequired;
    const text = JSON.stringify({ [mcpKeys.error]: { code: 402, message: error, data } });
    return {
      isError: true,
      ...(behaviour.format === "structured" ? { structuredContent: data } : {}),
      content: [{ type: "text", text }],
    };
  };

  const tool = async (extra: { _meta?: Record<string, unknown> }): Promise<CallToolResult> => {
    const payment = extra._meta?.[mcpKeys.payment];
    calls.push({ at: Date.now(), ...(payment !== undefined ? { payment } : {}) });
    if (payment === undefined) return required("payment required");
    const parsed = paymentPayloadSchema.safeParse(payment);
    if (!parsed.success) return required("invalid_payload");
    const offered = behaviour.accepts.find((r) => sameRequirement(r, parsed.data.accepted));
    if (!offered || behaviour.mode === "always-402") return required("payment rejected");
    const settlement = await settleExactPayment(chain, account, {
      x402Version: 2,
      scheme: parsed.data.accepted.scheme,
      network: parsed.data.accepted.network,
      payload: parsed.data.payload,
      requirements: offered,
      accepted: parsed.data.accepted,
    });
    settlements.push(settlement);
    if (!settlement.success) return required(settlement.errorReason ?? "payment failed", settlement);
    return {
      content: [{ type: "text", text: contentMarker }],
      _meta: { [mcpKeys.paymentResponse]: settlement },
    };
  };

  const http = await listenHttp(async (request, response) => {
    if ((request.url ?? "/").split("?")[0] !== "/mcp") {
      response.writeHead(404).end();
      return;
    }
    const server = new McpServer({ name: "x402-conformance-tools", version: "1.0.0" });
    server.registerTool("paid", { description: "A paid tool" }, tool);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response);
  });
  return {
    url: `${http.url}/mcp`,
    configure: (next) => {
      behaviour = next;
      calls.length = 0;
      settlements.length = 0;
    },
    calls,
    settlements,
    close: http.close,
  };
}
