import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SolanaRpcMethods } from "./createSolanaRpcMethods.js";
import { encodeJson } from "./encodeJson.js";
import { SolanaRpcError } from "./SolanaRpcError.js";

export type ServeSolanaRpcParameters = {
  methods: SolanaRpcMethods;
  /** Called with each request's method name and how long it took (the test chain's request log). */
  onRequest?: ((method: string, ms: number) => void) | undefined;
};

export type ServeSolanaRpcReturnType = { rpcUrl: string; stop: () => Promise<void> };

const maxBodyBytes = 4 * 1024 * 1024;

type JsonRpcRequest = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };

/** Answers one JSON-RPC 2.0 request object (spec: a response with `result` or `error`, echoing `id`). */
function answer(
  methods: SolanaRpcMethods,
  request: JsonRpcRequest,
  onRequest: ServeSolanaRpcParameters["onRequest"],
) {
  const id = typeof request?.id === "string" || typeof request?.id === "number" ? request.id : null;
  const error = (code: number, message: string, data?: unknown) => ({
    jsonrpc: "2.0",
    id,
    error: { code, message, ...(data === undefined ? {} : { data }) },
  });
  if (
    typeof request !== "object" ||
    request === null ||
    request.jsonrpc !== "2.0" ||
    typeof request.method !== "string"
  )
    return error(-32600, "Invalid request");
  const method = request.method;
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!handler) return error(-32601, "Method not found");
  const params = request.params === undefined ? [] : request.params;
  if (!Array.isArray(params)) return error(-32602, "Invalid params: expected an array");
  const started = performance.now();
  try {
    return { jsonrpc: "2.0", id, result: handler(params) };
  } catch (caught) {
    if (caught instanceof SolanaRpcError) return error(caught.code, caught.message, caught.data);
    return error(-32603, `Internal error: ${caught instanceof Error ? caught.message : String(caught)}`);
  } finally {
    onRequest?.(method, performance.now() - started);
  }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Serves Solana JSON-RPC methods over HTTP POST on a free 127.0.0.1 port (single and batch requests). */
export async function serveSolanaRpc(
  parameters: ServeSolanaRpcParameters,
): Promise<ServeSolanaRpcReturnType> {
  const { methods, onRequest } = parameters;
  const reply = (response: ServerResponse, status: number, body: string) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(body);
  };
  const server = createServer((request, response) => {
    if (request.method !== "POST") {
      reply(
        response,
        405,
        encodeJson({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "POST only" } }),
      );
      return;
    }
    void readBody(request).then(
      (text) => {
        if (text === undefined) {
          reply(
            response,
            413,
            encodeJson({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "Request too large" } }),
          );
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          reply(
            response,
            200,
            encodeJson({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }),
          );
          return;
        }
        const result = Array.isArray(body)
          ? body.map((item) => answer(methods, item as JsonRpcRequest, onRequest))
          : answer(methods, body as JsonRpcRequest, onRequest);
        reply(response, 200, encodeJson(result));
      },
      () => response.destroy(),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    rpcUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
