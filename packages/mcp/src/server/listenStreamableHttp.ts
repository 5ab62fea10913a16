import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export type ListenStreamableHttpParameters = {
  /** Makes the McpServer of one session (register paid tools on it with `paidTool`: a tool is priced once). */
  server: () => McpServer | Promise<McpServer>;
  /** Default 127.0.0.1. */
  hostname?: string | undefined;
  /** Default 0: a free port. */
  port?: number | undefined;
  /** Default `/mcp`. */
  path?: string | undefined;
};

export type ListenStreamableHttpReturnType = {
  /** The endpoint, e.g. `http://127.0.0.1:3001/mcp`. */
  url: string;
  /** Closes every session and the HTTP server. */
  close(): Promise<void>;
};

/**
 * Serves MCP over Streamable HTTP with one McpServer per session (the SDK's session id header): a request without a
 * session starts one (the transport accepts only `initialize` there), later ones go to their session's transport.
 */
export async function listenStreamableHttp(
  parameters: ListenStreamableHttpParameters,
): Promise<ListenStreamableHttpReturnType> {
  const path = parameters.path ?? "/mcp";
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();
  const http = createServer(async (req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    const id = req.headers["mcp-session-id"];
    const session = typeof id === "string" ? sessions.get(id) : undefined;
    if (session) return session.transport.handleRequest(req, res);
    if (id !== undefined) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }),
      );
      return;
    }
    try {
      const server = await parameters.server();
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => void sessions.set(sessionId, { transport, server }),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) =>
    http.listen(parameters.port ?? 0, parameters.hostname ?? "127.0.0.1", resolve),
  );
  const { address, port } = http.address() as AddressInfo;
  return {
    url: `http://${address}:${port}${path}`,
    async close() {
      for (const { server } of sessions.values()) await server.close().catch(() => {});
      sessions.clear();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
