// Adapter: x402kit's MCP transport (@x402kit/mcp createX402McpServer) as an MCP server under test, on stdio.
// Command: x402-conformance mcp-server --cmd "tsx --conditions=source peers/x402kitMcpServer.ts"
// Env (from the suite): NETWORK, ASSET, ASSET_NAME, ASSET_VERSION, PAY_TO, PRICE, FACILITATOR_URL (README: "Tool
// contract"): `paid` and `fails` cost PRICE, `free` is free.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createFacilitatorClient } from "@x402kit/core";
import { exactEvmServer } from "@x402kit/evm";
import { createX402McpServer } from "@x402kit/mcp";
import { contentMarker, mcpTools } from "../src/index.js";

const env = process.env;
const x402 = createX402McpServer({
  schemes: [exactEvmServer()],
  facilitator: createFacilitatorClient({ url: env["FACILITATOR_URL"]! }),
});
const accepts = {
  scheme: "exact",
  network: env["NETWORK"]!,
  payTo: env["PAY_TO"]!,
  price: {
    amount: env["PRICE"]!,
    asset: env["ASSET"]!,
    extra: { name: env["ASSET_NAME"]!, version: env["ASSET_VERSION"]! },
  },
  maxTimeoutSeconds: 300,
};
const server = new McpServer({ name: "x402kit-mcp", version: "1.0.0" });
await x402.paidTool(server, mcpTools.paid, { description: "paid", accepts }, async () => ({
  content: [{ type: "text", text: contentMarker }],
}));
await x402.paidTool(server, mcpTools.fails, { description: "fails", accepts }, async () => {
  throw new Error("this tool always fails");
});
server.registerTool(mcpTools.free, { description: "free" }, async () => ({
  content: [{ type: "text", text: contentMarker }],
}));
await server.connect(new StdioServerTransport());
