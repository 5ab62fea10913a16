import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { FacilitatorLike } from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import { uptoEvmServer } from "@x402kit/upto-evm";
import { z } from "zod";
import { createX402McpServer } from "../src/index.js";

export type PaidToolServerParameters = {
  network: string;
  usdc: { address: string; name: string; version: string; decimals: 6 };
  /** Permit2 token for the `summarize` tool (upto); without it the tool is not registered. */
  permit2Token?: { address: string; name: string; version: string; decimals: 6 } | undefined;
  payTo: string;
  facilitator: FacilitatorLike;
};

/** What the tools count, so that a test can tell whether a tool ran. */
export type ToolRuns = { weather: number; broken: number; summarize: number };

/**
 * The MCP server of the tests (in memory, Streamable HTTP, and the stdio child): `weather` costs $0.001 (1000
 * atomic units), `echo` is free, `broken` costs $0.002 and throws, `sorry` costs $0.002 and answers isError,
 * `summarize` (upto, at most $0.01) charges 7 units per word it was given.
 */
export async function paidToolServer(parameters: PaidToolServerParameters) {
  const { network, usdc, permit2Token, payTo, facilitator } = parameters;
  const runs: ToolRuns = { weather: 0, broken: 0, summarize: 0 };
  const server = new McpServer({ name: "x402kit-test-tools", version: "1.0.0" });
  const x402 = createX402McpServer({
    schemes: [
      exactEvmServer({ assets: { [network]: usdc } }),
      ...(permit2Token ? [uptoEvmServer({ assets: { [network]: permit2Token }, facilitator })] : []),
    ],
    facilitator,
  });
  server.registerTool(
    "echo",
    { description: "Free: echoes", inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: "text", text }] }),
  );
  await x402.paidTool(
    server,
    "weather",
    {
      description: "The weather in a city",
      inputSchema: { city: z.string() },
      accepts: { scheme: "exact", network, price: "$0.001", payTo },
    },
    async ({ city }) => {
      runs.weather++;
      return { content: [{ type: "text", text: `${city}: 21°C` }] };
    },
  );
  await x402.paidTool(
    server,
    "broken",
    { description: "Throws", accepts: { scheme: "exact", network, price: "$0.002", payTo } },
    async () => {
      runs.broken++;
      throw new Error("out of order");
    },
  );
  await x402.paidTool(
    server,
    "sorry",
    { description: "Answers isError", accepts: { scheme: "exact", network, price: "$0.002", payTo } },
    async () => ({ isError: true, content: [{ type: "text", text: "no forecast today" }] }),
  );
  if (permit2Token)
    await x402.paidTool(
      server,
      "summarize",
      {
        description: "Summarizes; costs 7 units per word, at most $0.01",
        inputSchema: { text: z.string() },
        accepts: { scheme: "upto", network, price: "$0.01", payTo },
      },
      async ({ text }, { payment }) => {
        runs.summarize++;
        const words = text.split(/\s+/).filter(Boolean).length;
        payment?.setSettlementAmount(7n * BigInt(words));
        return { content: [{ type: "text", text: `${words} words` }] };
      },
    );
  return { server, runs };
}
