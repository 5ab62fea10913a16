import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { base64EncodeUtf8, type FacilitatorRequest } from "@x402kit/types";
import { type Logger, pino } from "pino";
import { z } from "zod";
import { parseDiscoveryQuery } from "../discovery/parseDiscoveryQuery.js";
import { FacilitatorConfigError } from "../errors/FacilitatorConfigError.js";
import type { Facilitator } from "../facilitator/createFacilitator.js";
import { parseFacilitatorRequest } from "../facilitator/parseFacilitatorRequest.js";
import { createRateLimiter, type RateLimitDecision } from "./createRateLimiter.js";
import { hashApiKey } from "./hashApiKey.js";
import { readJsonBody } from "./readJsonBody.js";

/** A client's API key, as the server keeps it: a name (for logs and limits) and the key's SHA-256. */
export type FacilitatorApiKey = {
  name: string;
  /** `hashApiKey(key)`: 64 hex digits. */
  sha256: string;
  /** This key's own rate limit, instead of `limits.perKey`. */
  perMinute?: number | undefined;
  burst?: number | undefined;
};

/** The routes that `apiKeys.open` may leave open: `discovery` is `/discovery/resources` and `/discovery/search`. */
export type FacilitatorOpenRoute = "supported" | "discovery" | "healthz" | "metrics";

export type FacilitatorApiKeys = {
  keys: readonly FacilitatorApiKey[];
  /** Routes served without a key. Default none: every route needs one. */
  open?: readonly FacilitatorOpenRoute[] | undefined;
};

/** A token bucket: `perMinute` requests refilled per minute, `burst` at once (default `perMinute`). */
export type FacilitatorRateLimit = { perMinute: number; burst?: number | undefined };

export type FacilitatorLimits = {
  /** Per client address, on every route, before the key is checked. Default none. */
  perIp?: FacilitatorRateLimit | undefined;
  /** Per API key (a key's own `perMinute` wins). Default none. */
  perKey?: FacilitatorRateLimit | undefined;
  /** Settlements being processed at once; more get 429. Default none. */
  settlementsInFlight?: number | undefined;
  /**
   * Behind a proxy (TLS in front), the client's address is the `X-Forwarded-For` entry this many hops from its
   * right end (1: the one the nearest proxy appended). Default 0: the socket's address.
   */
  trustProxyHops?: number | undefined;
};

export type FacilitatorTimeouts = {
  /** A client must send its headers within this. Default 10 000 ms. */
  headersMs?: number | undefined;
  /** A client must send its whole request within this. Default 30 000 ms. */
  requestMs?: number | undefined;
  /** An idle keep-alive connection is closed after this. Default 5 000 ms. */
  keepAliveMs?: number | undefined;
};

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
  /**
   * API keys: clients send `Authorization: Bearer <key>`, others get 401. The server holds only the keys' SHA-256.
   * Default: none, every route open (a facilitator on loopback).
   */
  apiKeys?: FacilitatorApiKeys | undefined;
  /** Rate limits and the cap on settlements in flight, answered with 429 and `Retry-After`. Default none. */
  limits?: FacilitatorLimits | undefined;
  /** How long a slow client may take, so that none can hold a connection. */
  timeouts?: FacilitatorTimeouts | undefined;
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

const rateLimitSchema = z.strictObject({
  perMinute: z.number().positive().max(6_000_000),
  burst: z.number().int().min(1).max(1_000_000).optional(),
});
const apiKeysSchema = z
  .strictObject({
    keys: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(100),
          sha256: z
            .string()
            .regex(/^[0-9a-fA-F]{64}$/, "must be a SHA-256 in hex (hashApiKey)")
            .transform((hex) => hex.toLowerCase()),
          perMinute: rateLimitSchema.shape.perMinute.optional(),
          burst: rateLimitSchema.shape.burst,
        }),
      )
      .min(1, "give at least one key"),
    open: z.array(z.enum(["supported", "discovery", "healthz", "metrics"])).default([]),
  })
  .refine((value) => new Set(value.keys.map((key) => key.name)).size === value.keys.length, {
    message: "key names must be distinct",
  })
  .refine((value) => new Set(value.keys.map((key) => key.sha256)).size === value.keys.length, {
    message: "two keys have the same hash",
  });
const limitsSchema = z.strictObject({
  perIp: rateLimitSchema.optional(),
  perKey: rateLimitSchema.optional(),
  settlementsInFlight: z.number().int().min(1).max(1_000_000).optional(),
  trustProxyHops: z.number().int().min(0).max(10).default(0),
});
const timeoutsSchema = z.strictObject({
  headersMs: z.number().int().min(100).max(600_000).default(10_000),
  requestMs: z.number().int().min(100).max(3_600_000).default(30_000),
  keepAliveMs: z.number().int().min(100).max(600_000).default(5_000),
});

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
  apiKeys: apiKeysSchema.optional(),
  limits: limitsSchema.prefault({}),
  timeouts: timeoutsSchema.prefault({}),
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

/** The route's name in `apiKeys.open`. */
function openName(path: string): FacilitatorOpenRoute | undefined {
  if (path === "/supported") return "supported";
  if (path === "/healthz") return "healthz";
  if (path === "/metrics") return "metrics";
  if (path.startsWith("/discovery/")) return "discovery";
  return undefined;
}

/** 429 with `Retry-After` (RFC 9110 §10.2.3). */
function tooMany(decision: Extract<RateLimitDecision, { ok: false }>, message: string): Reply {
  return {
    status: 429,
    body: { error: "rate_limited", message, retryAfterSeconds: decision.retryAfterSeconds },
    headers: { "retry-after": String(decision.retryAfterSeconds) },
  };
}

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
  const { bodyLimitBytes, closeTimeoutMs, metrics, apiKeys, limits, timeouts } = parsed.data;
  const keysByHash = new Map((apiKeys?.keys ?? []).map((key) => [key.sha256, key]));
  const open = new Set(apiKeys?.open ?? []);
  const perIp = limits.perIp && createRateLimiter(limits.perIp);
  // Keys without a limit of their own take `perKey`'s; with neither, a key is not limited.
  const perKey = createRateLimiter(limits.perKey ?? { perMinute: 1 });
  let settling = 0;
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

  /** The client's address: the socket's, or behind `trustProxyHops` proxies the X-Forwarded-For entry they saw. */
  function clientAddress(request: IncomingMessage): string {
    const socket = request.socket.remoteAddress ?? "unknown";
    if (limits.trustProxyHops === 0) return socket;
    const header = request.headers["x-forwarded-for"];
    const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((hop) => hop.trim());
    return hops[hops.length - limits.trustProxyHops] || socket;
  }

  /** Bearer authentication (RFC 6750): the key whose SHA-256 matches, or the 401 to send. */
  function authenticate(request: IncomingMessage): FacilitatorApiKey | Reply {
    const challenge = 'Bearer realm="x402kit-facilitator"';
    const header = request.headers.authorization;
    const token = header && /^Bearer +(\S+) *$/i.exec(header)?.[1];
    if (!token)
      return {
        status: 401,
        body: {
          error: "unauthorized",
          message: "This facilitator needs an API key: send `Authorization: Bearer <key>`.",
        },
        headers: { "www-authenticate": challenge },
      };
    // Looked up by hash: the time taken says nothing about how much of a key matched.
    const key = keysByHash.get(hashApiKey(token));
    if (key) return key;
    return {
      status: 401,
      body: { error: "unauthorized", message: "The API key is not valid." },
      headers: { "www-authenticate": `${challenge}, error="invalid_token"` },
    };
  }

  async function route(
    request: IncomingMessage,
    path: string,
    search: string,
    admitted: { key?: string },
  ): Promise<Reply> {
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
    const name = openName(path);
    if (apiKeys && !(name && open.has(name))) {
      const key = authenticate(request);
      if ("status" in key) {
        request.resume();
        return key;
      }
      admitted.key = key.name;
      const own = key.perMinute !== undefined ? { perMinute: key.perMinute, burst: key.burst } : undefined;
      const decision = own || limits.perKey ? perKey.take(key.name, own) : { ok: true as const };
      if (!decision.ok) {
        request.resume();
        return tooMany(decision, `The API key ${key.name} is over its rate limit.`);
      }
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
    if (path === "/verify") return answered(await facilitator.verify(body));
    if (limits.settlementsInFlight !== undefined && settling >= limits.settlementsInFlight)
      return tooMany({ ok: false, retryAfterSeconds: 1 }, "The facilitator is settling at capacity; retry.");
    settling++;
    try {
      return answered(await facilitator.settle(body));
    } finally {
      settling--;
    }
  }

  function answered(answer: { extensions?: Record<string, unknown> | undefined }): Reply {
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
    const admitted: { key?: string } = {};
    try {
      const target = request.url ?? "/";
      const queryAt = target.indexOf("?");
      path = queryAt === -1 ? target : target.slice(0, queryAt);
      const address = perIp ? clientAddress(request) : "";
      const decision = perIp ? perIp.take(address) : { ok: true as const };
      if (!decision.ok) {
        request.resume();
        reply = tooMany(decision, "Too many requests from this address.");
      } else reply = await route(request, path, queryAt === -1 ? "" : target.slice(queryAt + 1), admitted);
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
        key: admitted.key,
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
      // Timeouts are enforced on a timer of this period (node:http's connectionsCheckingInterval).
      const checkEveryMs = Math.max(50, Math.min(1_000, Math.floor(timeouts.headersMs / 4)));
      const server: Server = createServer(
        { connectionsCheckingInterval: checkEveryMs },
        (request, response) => {
          active++;
          void handle(request, response).finally(() => {
            active--;
            if (active === 0) idle?.();
          });
        },
      );
      // A slow client (slowloris) is cut off: headers, then the whole request, each within its time.
      server.headersTimeout = timeouts.headersMs;
      server.requestTimeout = Math.max(timeouts.requestMs, timeouts.headersMs);
      server.keepAliveTimeout = timeouts.keepAliveMs;
      // Malformed HTTP never reaches the handler: answer it and drop the connection.
      server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
        if (!socket.writable || error.code === "ECONNRESET") return void socket.destroy();
        // Too slow (headersMs, requestMs): say so, and free the connection even if the client never reads.
        if (error.code === "ERR_HTTP_REQUEST_TIMEOUT")
          return void socket.end(
            "HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            () => socket.destroy(),
          );
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
