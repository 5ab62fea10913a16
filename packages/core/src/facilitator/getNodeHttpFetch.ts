import type * as NodeHttp from "node:http";
import type * as NodeHttps from "node:https";
import { createBufferedResponse } from "./createBufferedResponse.js";

export type GetNodeHttpFetchReturnType = typeof globalThis.fetch | undefined;

let made: GetNodeHttpFetchReturnType | null = null;

/** The largest body it reads (viem's default limit for JSON-RPC answers); a larger one fails the call. */
const maxBodyBytes = 10 * 1024 * 1024;

/**
 * On Node.js, a `fetch` over `node:http` and `node:https` with keep-alive agents, for the facilitator client's small
 * JSON calls; elsewhere (edge runtimes, browsers, Bun, Deno) undefined, and callers use the global `fetch`. It takes
 * about 0.15 ms of CPU less than Node's own `fetch` (undici) per call, which a resource server pays twice per paid
 * request (verify, settle; issue 16). The modules come from `process.getBuiltinModule`, so no bundler sees them.
 *
 * It handles a string body (or none), any method and headers, and an `AbortSignal` (rejecting with its reason, as
 * `fetch` does). Anything else is passed to the global `fetch`: another body type, a `Request`, another protocol, and
 * a redirect (the global `fetch` sends the request again and follows it). A network failure rejects with a
 * `TypeError`, as `fetch`'s does. It answers with `createBufferedResponse`: the body is read in full before it
 * resolves, at most 10 MiB (a larger one rejects with a `TypeError` whose cause is a `RangeError`), and the answer
 * is not an `instanceof Response`.
 */
export function getNodeHttpFetch(): GetNodeHttpFetchReturnType {
  if (made !== null) return made;
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process?.getBuiltinModule;
  const onNode = globalThis.navigator?.userAgent?.startsWith("Node.js/") === true;
  made =
    onNode && typeof getBuiltinModule === "function"
      ? createNodeHttpFetch(
          getBuiltinModule("node:http") as typeof NodeHttp,
          getBuiltinModule("node:https") as typeof NodeHttps,
        )
      : undefined;
  return made;
}

/**
 * How long an idle kept-alive connection is kept at most. With a timeout, node:http also closes an idle connection a
 * second before the server's announced `Keep-Alive: timeout=N` (Node's default is 5 s), so that a request never goes
 * out on a connection that the server is closing at that moment (`ECONNRESET`, "socket hang up"). Without one, it
 * ignores the announcement.
 */
const idleTimeoutMs = 60_000;

function createNodeHttpFetch(http: typeof NodeHttp, https: typeof NodeHttps): typeof globalThis.fetch {
  const agentOptions = { keepAlive: true, timeout: idleTimeoutMs };
  const transports = {
    "http:": { request: http.request, agent: new http.Agent(agentOptions) },
    "https:": { request: https.request, agent: new https.Agent(agentOptions) },
  } as const;
  // As fetch does, a bad URL or header rejects the promise instead of throwing.
  return (input, init) => {
    try {
      return send(input, init ?? {});
    } catch (error) {
      return Promise.reject(error);
    }
  };

  function send(input: Parameters<typeof globalThis.fetch>[0], init: RequestInit): Promise<Response> {
    const url = typeof input === "string" ? new URL(input) : input instanceof URL ? input : undefined;
    const transport = url && transports[url.protocol as keyof typeof transports];
    const { body, signal } = init;
    if (!url || !transport || (body != null && typeof body !== "string"))
      return globalThis.fetch(input, init);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const headers: Record<string, string> = {};
    // A `Headers` (what wrapFetch passes) is read as it is; anything else is normalised and checked by one.
    (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach((value, name) => {
      headers[name] = value;
    });
    if (typeof body === "string") headers["content-length"] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        outcome();
      };
      const fail = (error: unknown) =>
        finish(() =>
          reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error })),
        );
      const request = transport.request(
        url,
        { method: init.method ?? "GET", headers, agent: transport.agent },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400 && response.headers.location) {
            response.resume();
            finish(() => resolve(globalThis.fetch(input, init)));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBodyBytes)
              response.destroy(new RangeError(`The response body is larger than ${maxBodyBytes} bytes.`));
            else chunks.push(chunk);
          });
          response.on("error", fail);
          response.on("end", () => {
            try {
              // A response to HEAD, and 204, 205 and 304, has no body.
              const empty = init.method === "HEAD" || status === 204 || status === 205 || status === 304;
              const answer = createBufferedResponse({
                status,
                statusText: response.statusMessage ?? "",
                rawHeaders: response.rawHeaders,
                body: empty ? null : Buffer.concat(chunks),
                url: url.href.split("#")[0]!,
              });
              finish(() => resolve(answer));
            } catch (error) {
              fail(error); // a status that a Response cannot carry
            }
          });
        },
      );
      const onAbort = () => request.destroy(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      request.on("error", fail);
      request.end(body ?? undefined);
    });
  }
}
