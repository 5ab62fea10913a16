import type { HttpRequest } from "@x402kit/core";

/** The engine's plain request, from a fetch-API `Request` (hono, Next.js, Bun, Deno, workers). */
export function fromWebRequest(request: Request): HttpRequest {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name) ?? undefined,
  };
}
