import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * What the proxy does to a call:
 * - `pass`: forwards it.
 * - `down`: without `match`, stops listening (new connections are refused) and drops open ones; with `match`, drops
 *   the matching call's connection before anything is forwarded.
 * - `slow`: forwards it after `delayMs`.
 * - `error`: answers without forwarding: a JSON-RPC error for JSON-RPC calls (every call of a batch), else HTTP 500.
 * - `hang`: neither forwards nor answers; the connection stays open until the proxy closes.
 * - `kill-mid-settlement`: forwards the call, then drops the connection as soon as the upstream has it, so the
 *   upstream does the work (sends the transaction, settles) and the caller never hears of it.
 */
export type FaultMode = "pass" | "down" | "slow" | "error" | "hang" | "kill-mid-settlement";

/** A call as the proxy sees it. */
export type ProxiedCall = {
  method: string;
  /** The request path, e.g. `/settle`. */
  path: string;
  body: string;
  /** The JSON-RPC methods of the body (several for a batch); empty for anything else. */
  rpcMethods: string[];
};

export type Fault = {
  mode: FaultMode;
  /** For `slow`. Default 1 000 ms. */
  delayMs?: number | undefined;
  /** Which calls the fault applies to (default: all); the others pass. */
  match?: ((call: ProxiedCall) => boolean) | undefined;
  /**
   * After this many matching calls the proxy goes back to `pass`. Default: no limit. (A `down` without `match` sees
   * no calls: it lasts until the next `setFault`.)
   */
  times?: number | undefined;
};

export type FaultProxyStats = {
  /** Calls seen, by what was done to them. */
  calls: Record<FaultMode, number>;
  /** Calls forwarded whose upstream answer has not come back yet (a `hang` is never forwarded). */
  forwarding: number;
  /** Every JSON-RPC method forwarded (for a batch, each of its calls). */
  forwardedRpcMethods: string[];
};

export type StartFaultProxyParameters = {
  /** The upstream base URL, e.g. the chain's RPC or a facilitator (`http://127.0.0.1:PORT`). */
  target: string;
  /** Called with each call that the upstream answered, after it answered. */
  onForwarded?: ((call: ProxiedCall, status: number, body: string) => void) | undefined;
};

export type FaultProxy = {
  /** `http://127.0.0.1:PORT`; the same port for the proxy's whole life, even after `down`. */
  url: string;
  /** Sets the fault for the next calls (calls in progress keep theirs). */
  setFault(fault: Fault): Promise<void>;
  /** Resolves when every call in progress has been forwarded and answered upstream (a `hang` is not waited for). */
  waitIdle(timeoutMs?: number): Promise<void>;
  readonly stats: FaultProxyStats;
  close(): Promise<void>;
};

const rpcMethodsOf = (body: string): string[] => {
  try {
    const parsed = JSON.parse(body) as unknown;
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    return calls.flatMap((call) =>
      typeof call === "object" && call !== null && typeof (call as { method?: unknown }).method === "string"
        ? [(call as { method: string }).method]
        : [],
    );
  } catch {
    return [];
  }
};

/** The JSON-RPC error answer to a body (a batch gets one error per call). */
function rpcError(body: string): string {
  const parsed = JSON.parse(body) as unknown;
  const errorFor = (call: unknown) => ({
    jsonrpc: "2.0",
    id: (call as { id?: unknown })?.id ?? null,
    error: { code: -32603, message: "fault proxy: injected internal error" },
  });
  return JSON.stringify(Array.isArray(parsed) ? parsed.map(errorFor) : errorFor(parsed));
}

/**
 * A loopback HTTP fault proxy, to put in front of a JSON-RPC node or a facilitator and make it go down, slow,
 * erroneous, unresponsive, or lose its answers mid-settlement (see `FaultMode`), on every call or on the matching
 * ones only.
 */
export async function startFaultProxy(parameters: StartFaultProxyParameters): Promise<FaultProxy> {
  const target = new URL(parameters.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const sockets = new Set<Socket>();
  const stats: FaultProxyStats = {
    calls: { pass: 0, down: 0, slow: 0, error: 0, hang: 0, "kill-mid-settlement": 0 },
    forwarding: 0,
    forwardedRpcMethods: [],
  };
  let fault: Fault = { mode: "pass" };
  let remaining = Number.POSITIVE_INFINITY;
  let listening = false;
  let delaying = 0;
  let port = 0;

  /** The fault for one call, counting it against `times`. */
  function faultFor(call: ProxiedCall): Fault {
    if (fault.mode === "pass" || (fault.match && !fault.match(call))) return { mode: "pass" };
    const applied = fault;
    remaining--;
    if (remaining <= 0) fault = { mode: "pass" };
    return applied;
  }

  function forward(
    call: ProxiedCall,
    headers: IncomingMessage["headers"],
  ): Promise<{ status: number; body: string; headers: Record<string, string> }> {
    stats.forwardedRpcMethods.push(...call.rpcMethods);
    stats.forwarding++;
    const answered = new Promise<{ status: number; body: string; headers: Record<string, string> }>(
      (resolve, reject) => {
        const upstream = httpRequest(
          {
            agent,
            host: target.hostname,
            port: target.port,
            method: call.method,
            path: `${target.pathname.replace(/\/$/, "")}${call.path}`,
            headers: {
              ...(headers["content-type"] ? { "content-type": headers["content-type"] } : {}),
              accept: headers.accept ?? "*/*",
              "content-length": Buffer.byteLength(call.body),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              const body = Buffer.concat(chunks).toString("utf8");
              const contentType = response.headers["content-type"];
              resolve({
                status: response.statusCode ?? 502,
                body,
                headers: contentType ? { "content-type": contentType } : {},
              });
              parameters.onForwarded?.(call, response.statusCode ?? 502, body);
            });
            response.on("error", reject);
          },
        );
        upstream.on("error", reject);
        upstream.end(call.body);
      },
    );
    void answered.then(
      () => stats.forwarding--,
      () => stats.forwarding--,
    );
    return answered;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const call: ProxiedCall = {
      method: request.method ?? "GET",
      path: request.url ?? "/",
      body,
      rpcMethods: rpcMethodsOf(body),
    };
    const applied = faultFor(call);
    stats.calls[applied.mode]++;
    switch (applied.mode) {
      case "down":
        request.socket.destroy();
        return;
      case "hang":
        return;
      case "error": {
        const isRpc = call.rpcMethods.length > 0;
        const text = isRpc ? rpcError(body) : JSON.stringify({ error: "fault proxy: injected 500" });
        response.writeHead(isRpc ? 200 : 500, { "content-type": "application/json" }).end(text);
        return;
      }
      case "kill-mid-settlement": {
        const forwarded = forward(call, request.headers).catch(() => undefined);
        // Drop the caller once the upstream has the whole call; the upstream carries on.
        await sleep(20);
        request.socket.destroy();
        await forwarded;
        return;
      }
      case "slow":
        delaying++;
        await sleep(applied.delayMs ?? 1_000).finally(() => delaying--);
        break;
      case "pass":
        break;
    }
    try {
      const answer = await forward(call, request.headers);
      if (!response.destroyed) response.writeHead(answer.status, answer.headers).end(answer.body);
    } catch {
      // The upstream is unreachable: the caller sees its connection drop, as it would without the proxy.
      request.socket.destroy();
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => request.socket.destroy());
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  async function listen(): Promise<void> {
    if (listening) return;
    listening = true;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    port = (server.address() as AddressInfo).port;
  }

  async function unlisten(): Promise<void> {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    async setFault(next) {
      fault = next;
      remaining = next.times ?? Number.POSITIVE_INFINITY;
      if (next.mode === "down" && !next.match) await unlisten();
      else await listen();
    },
    async waitIdle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      // A `slow` call is counted once it is forwarded: give pending delays a moment to get there.
      await sleep(50);
      while ((stats.forwarding > 0 || delaying > 0) && Date.now() < deadline) await sleep(25);
    },
    async close() {
      fault = { mode: "pass" };
      await unlisten();
      agent.destroy();
    },
  };
}
