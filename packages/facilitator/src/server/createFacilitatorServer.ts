import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { base64EncodeUtf8, type FacilitatorRequest } from "@x402kit/types";
import { type Logger, pino } from "pino";
import { z } from "zod";
import { parseDiscoveryQuery } from "../discovery/parseDiscoveryQuery.js";
import { FacilitatorConfigError } from "../errors/FacilitatorConfigError.js";
import type { Facilitator } from "../facilitator/createFacilitator.js";
import { parseFacilitatorRequest } from "../facilitator/parseFacilitatorRequest.js";
import { readJsonBody } from "./readJsonBody.js";

export type CreateFacilitatorServerParameters = {
  facilitator: Facilitator;
  /** One line per request (route, status, reason, ms). Default: pino at `info` on stdout. */
  logger?: Logger | undefined;
  /** The largest request body accepted; larger ones get 413. Default 64 KiB. */
  bodyLimitBytes?: number | undefined;
  /** How long `close()` waits for requests in flight (a settle waits for its receipt). Default 30 000 ms. */
  closeTimeoutMs?: number | undefined;
  /**
   * Serves `GET /metrics` with what this returns, in Prometheus's text format (e.g. `createConsoleTelemetry`'s
   * `metrics`). Default: no such route.
   */
  metrics?: (() => Promise<string>) | undefined;
  /**
   * Applied to every answer's text before it is sent, e.g. a redactor of the deployment's secrets, so that an error
   * message quoting an RPC URL never shows its credentials. Default: none.
   */
  redact?: ((text: string) => string) | undefined;
};

export type FacilitatorServerListenParameters = {
  /** Default 4020; 0 picks a free port. */
  port?: number | undefined;
  /** Default 127.0.0.1. */
  host?: string | undefined;
};

export type RunningFacilitatorServer = {
  /** `http://host:port`, the base URL for core's `createFacilitatorClient`. */
  url: string;
  port: number;
  /** Stops accepting, waits (bounded) for requests in flight, then closes the facilitator and its store. */
  close(): Promise<void>;
};

export type FacilitatorServer = {
  /** The request listener, for a `node:http` server of your own. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  listen(parameters?: FacilitatorServerListenParameters): Promise<RunningFacilitatorServer>;
};

export type CreateFacilitatorServerReturnType = FacilitatorServer;

export type CreateFacilitatorServerErrorType = FacilitatorConfigError;

const parametersSchema = z.object({
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  closeTimeoutMs: z.number().int().min(0).max(600_000).default(30_000),
  metrics: z.custom<() => Promise<string>>((value) => typeof value === "function").optional(),
  redact: z.custom<(text: string) => string>((value) => typeof value === "function").optional(),
});
const listenSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(4020),
  host: z.string().min(1).default("127.0.0.1"),
});

/** The facilitator's routes (spec v2 §7) and the method each takes. */
const routes: Readonly<Record<string, "GET" | "POST">> = {
  "/verify": "POST",
  "/settle": "POST",
  "/supported": "GET",
  "/healthz": "GET",
  "/discovery/resources": "GET",
  "/discovery/search": "GET",
};

/** A JSON body, or `text` as it is (with its content type in `headers`). */
type Reply = { status: number; body: unknown; text?: string; headers?: Record<string, string> };

/** The x402 answer to a request that could not be taken: a VerifyResponse or a SettleResponse (spec v2 §5.3, §5.4). */
function refused(path: string, status: number, reason: string, message: string, network = ""): Reply {
  const body =
    path === "/settle"
      ? { success: false, errorReason: reason, errorMessage: message, transaction: "", network }
      : { isValid: false, invalidReason: reason, invalidMessage: message };
  return { status, body };
}

/**
 * The facilitator's HTTP service on `node:http` (spec v2 §7): `POST /verify`, `POST /settle`, `GET /supported`,
 * `GET /healthz`, and with a discovery catalog `GET /discovery/resources` (spec v2 §8) and `GET /discovery/search`
 * (bad queries get 400 `invalid_query`). JSON bodies only, up to `bodyLimitBytes` (413 beyond), validated with the shared schemas (400 with
 * `invalid_payload` and a message); a valid request answers 200 even when the payment is refused, because the body
 * decides, and so does one in an unsupported (integer) x402Version. Unknown paths get 404 and wrong methods 405. It
 * logs one line per request and never lets an input crash it.
 */
export function createFacilitatorServer(
  parameters: CreateFacilitatorServerParameters,
): CreateFacilitatorServerReturnType {
  const parsed = parametersSchema.safeParse(parameters);
  if (!parsed.success)
    throw new FacilitatorConfigError(`createFacilitatorServer: ${z.prettifyError(parsed.error)}`);
  const { bodyLimitBytes, closeTimeoutMs, metrics } = parsed.data;
  const redact = parsed.data.redact ?? ((text: string) => text);
  const served: Readonly<Record<string, "GET" | "POST">> = metrics
    ? { ...routes, "/metrics": "GET" }
    : routes;
  const { facilitator } = parameters;
  if (typeof facilitator?.settle !== "function" || typeof facilitator.close !== "function")
    throw new FacilitatorConfigError(
      "createFacilitatorServer: `facilitator` must come from createFacilitator.",
    );
  const logger = parameters.logger ?? pino({ level: "info", name: "x402kit-facilitator" });
  let closing = false;

  /** spec v2 §8.1; a bad query is 400 `invalid_query` with a message that names the parameter. */
  async function discover(path: string, search: string): Promise<Reply> {
    const discovery = facilitator.discovery;
    if (!discovery)
      return {
        status: 404,
        body: { error: "not_found", message: "This facilitator keeps no discovery catalog (bazaar is off)." },
      };
    if (path === "/discovery/resources") {
      const query = parseDiscoveryQuery(search, "list");
      if (!query.ok) return { status: 400, body: { error: "invalid_query", message: query.message } };
      return { status: 200, body: await discovery.list(query.query) };
    }
    const query = parseDiscoveryQuery(search, "search");
    if (!query.ok) return { status: 400, body: { error: "invalid_query", message: query.message } };
    return { status: 200, body: await discovery.search(query.query) };
  }

  async function route(request: IncomingMessage, path: string, search: string): Promise<Reply> {
    const method = served[path];
    if (!method)
      return { status: 404, body: { error: "not_found", message: `No route ${path.slice(0, 100)}.` } };
    const allowed = method === "GET" ? ["GET", "HEAD"] : [method];
    if (!allowed.includes(request.method ?? "")) {
      request.resume();
      return {
        status: 405,
        body: { error: "method_not_allowed", message: `${path} takes ${method}.` },
        headers: { allow: allowed.join(", ") },
      };
    }
    if (path === "/supported") return { status: 200, body: await facilitator.supported() };
    if (path === "/healthz") {
      const health = await facilitator.health();
      return { status: health.ok ? 200 : 503, body: health };
    }
    if (path.startsWith("/discovery/")) return discover(path, search);
    if (path === "/metrics" && metrics)
      return {
        status: 200,
        body: undefined,
        text: await metrics(),
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
      };

    const read = await readJsonBody(request, bodyLimitBytes);
    if (!read.ok) {
      const reply = refused(path, read.status, "invalid_payload", read.message);
      return read.status === 413 ? { ...reply, headers: { connection: "close" } } : reply;
    }
    const checked = parseFacilitatorRequest(read.body);
    if (!checked.ok)
      return refused(path, checked.malformed ? 400 : 200, checked.reason, checked.message, checked.network);
    const body = read.body as FacilitatorRequest;
    const answer = path === "/verify" ? await facilitator.verify(body) : await facilitator.settle(body);
    // extensions/bazaar.md: the extensions' outcomes also go in an EXTENSION-RESPONSES header (base64 JSON).
    const bazaar = (answer.extensions as { bazaar?: unknown } | undefined)?.bazaar;
    return {
      status: 200,
      body: answer,
      ...(bazaar ? { headers: { "extension-responses": base64EncodeUtf8(JSON.stringify({ bazaar })) } } : {}),
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    let path = "";
    let reply: Reply;
    try {
      const target = request.url ?? "/";
      const queryAt = target.indexOf("?");
      path = queryAt === -1 ? target : target.slice(0, queryAt);
      reply = await route(request, path, queryAt === -1 ? "" : target.slice(queryAt + 1));
    } catch (error) {
      logger.error({ err: error, route: path.slice(0, 100) }, "request failed");
      reply = {
        status: 500,
        body: { error: "internal_error", message: "The facilitator failed to answer." },
      };
    }
    const text = redact(reply.text ?? JSON.stringify(reply.body));
    if (!response.headersSent && !response.destroyed) {
      response.writeHead(reply.status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(text),
        "cache-control": "no-store",
        ...(closing ? { connection: "close" } : {}),
        ...reply.headers,
      });
      response.end(request.method === "HEAD" ? undefined : text);
    }
    const body = reply.body as { invalidReason?: string; errorReason?: string; transaction?: string };
    logger.info(
      {
        method: request.method,
        route: path.slice(0, 100),
        status: reply.status,
        reason: body?.invalidReason ?? body?.errorReason,
        transaction: body?.transaction || undefined,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  }

  return {
    handle,

    async listen(listenParameters = {}) {
      const options = listenSchema.safeParse(listenParameters);
      if (!options.success)
        throw new FacilitatorConfigError(`listen: ${z.prettifyError(options.error)}`, {
          cause: options.error,
        });
      const { port, host } = options.data;
      let active = 0;
      let idle: (() => void) | undefined;
      const server: Server = createServer((request, response) => {
        active++;
        void handle(request, response).finally(() => {
          active--;
          if (active === 0) idle?.();
        });
      });
      server.headersTimeout = 10_000;
      server.requestTimeout = 30_000;
      // Malformed HTTP never reaches the handler: answer it and drop the connection.
      server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
        if (!socket.writable || error.code === "ECONNRESET") return void socket.destroy();
        const status =
          error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
        socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      server.on("error", (error) => logger.error({ err: error }, "server error"));
      const bound = (server.address() as AddressInfo).port;
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
      logger.info({ url }, "facilitator listening");

      let closed: Promise<void> | undefined;
      return {
        url,
        port: bound,
        close() {
          closed ??= (async () => {
            closing = true;
            const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeIdleConnections();
            if (active > 0) {
              let timer: NodeJS.Timeout | undefined;
              await Promise.race([
                new Promise<void>((resolve) => {
                  idle = resolve;
                }),
                new Promise<void>((resolve) => {
                  timer = setTimeout(resolve, closeTimeoutMs);
                }),
              ]);
              clearTimeout(timer);
            }
            server.closeAllConnections();
            await stopped;
            await facilitator.close();
            logger.info({ url }, "facilitator closed");
          })();
          return closed;
        },
      };
    },
  };
}
