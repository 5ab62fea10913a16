import type { HttpResponse } from "@x402kit/core";

/** A fetch-API `Response` from the engine's plain response. */
export function toWebResponse(response: HttpResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
