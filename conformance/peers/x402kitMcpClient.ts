// Adapter: x402kit's paying MCP client (@x402kit/mcp wrapMcpClient + exactEvmClient) as an MCP client under test.
// Command: x402-conformance mcp-client --cmd "tsx --conditions=source peers/x402kitMcpClient.ts"
// Env (from the suite): MCP_URL (Streamable HTTP), TOOL, PRIVATE_KEY, MAX_AMOUNT (optional). Prints the result line.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createX402Client } from "@x402kit/client";
import { exactEvmClient } from "@x402kit/evm";
import { wrapMcpClient } from "@x402kit/mcp";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { printResult } from "./printResult.js";

const env = process.env;
const client = new Client({ name: "x402kit-mcp-client", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(env["MCP_URL"]!)));
const paying = wrapMcpClient(
  client,
  createX402Client({
    schemes: [exactEvmClient({ account: privateKeyToAccount(env["PRIVATE_KEY"] as Hex) })],
    ...(env["MAX_AMOUNT"] ? { spending: { maxPerRequest: BigInt(env["MAX_AMOUNT"]) } } : {}),
  }),
);
try {
  const { result, payment } = await paying.callTool({ name: env["TOOL"]! });
  printResult({
    isError: result.isError === true,
    outcome: payment?.outcome ?? null,
    cost: String(payment?.cost ?? 0n),
  });
} catch (error) {
  printResult({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
} finally {
  await client.close();
}
