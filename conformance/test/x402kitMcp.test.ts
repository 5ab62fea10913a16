import { describe, it } from "vitest";
import { x402kitMcpClientCommand, x402kitMcpServerCommand } from "../peers/x402kitCommands.js";
import { expectEveryMustPasses, runAndReport } from "./conformanceRun.js";

// x402kit's MCP transport (@x402kit/mcp) under the MCP targets: the paid-tool server on stdio, the paying client
// over Streamable HTTP. Every MUST case passes.
describe("MCP targets against x402kit", () => {
  it("mcp-server: createX402McpServer on stdio, every case", { timeout: 180_000 }, async () => {
    expectEveryMustPasses(
      await runAndReport(
        "x402kit-mcp-server",
        { target: "mcp-server", command: x402kitMcpServerCommand },
        {
          publish: {
            implementation: "x402kit",
            subject: "@x402kit/mcp's createX402McpServer on stdio (peers/x402kitMcpServer.ts)",
          },
        },
      ),
    );
  });

  it("mcp-client: wrapMcpClient, every case", { timeout: 240_000 }, async () => {
    expectEveryMustPasses(
      await runAndReport(
        "x402kit-mcp-client",
        { target: "mcp-client", command: x402kitMcpClientCommand },
        {
          publish: {
            implementation: "x402kit",
            subject: "@x402kit/mcp's wrapMcpClient over Streamable HTTP (peers/x402kitMcpClient.ts)",
          },
        },
      ),
    );
  });
});
