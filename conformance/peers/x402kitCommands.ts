// The commands that run x402kit's implementations under test as the suite's `--cmd` (from conformance/, under pnpm,
// which puts tsx and Node 22 on PATH). README: "Results".

/**
 * The published facilitator CLI (`x402kit-facilitator`, from its TypeScript source), configured through its
 * environment variables from the suite's: an in-memory store, the suite's token as the one asset it settles, warnings
 * only. The key stays out of the argument list.
 */
export const x402kitFacilitatorCli =
  'X402KIT_RPC_URL="$RPC_URL" X402KIT_PRIVATE_KEY="$FACILITATOR_PRIVATE_KEY" X402KIT_PORT="$PORT" X402KIT_ASSETS="$ASSET" ' +
  "X402KIT_STORE=memory X402KIT_LOG_LEVEL=warn node --import tsx --conditions=source ../packages/facilitator-cli/src/cli.ts";

/** The wrapFetch client (peers/x402kitClient.ts); v1 or v2 as the server asks. */
export const x402kitClientCommand = "node --import tsx --conditions=source peers/x402kitClient.ts";

/** x402kit's MCP transport, a stdio MCP server (peers/x402kitMcpServer.ts). */
export const x402kitMcpServerCommand = "node --import tsx --conditions=source peers/x402kitMcpServer.ts";

/** x402kit's paying MCP client, over Streamable HTTP (peers/x402kitMcpClient.ts). */
export const x402kitMcpClientCommand = "node --import tsx --conditions=source peers/x402kitMcpClient.ts";
