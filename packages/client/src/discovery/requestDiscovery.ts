import { DiscoveryError } from "../errors/DiscoveryError.js";
import type { FetchLike } from "../wrapFetch.js";

export type DiscoveryRequestOptions = {
  /** The facilitator's base URL, e.g. `https://facilitator.example.com`. */
  facilitatorUrl: string;
  /** Default: the global `fetch`. */
  fetch?: FetchLike | undefined;
  /** Default 10 000 ms. */
  timeoutMs?: number | undefined;
  /** Extra request headers (an API key). */
  headers?: Record<string, string> | undefined;
};

/** GETs a discovery route with the given query and checks the answer against `schema`. */
/** A schema of `@x402kit/types` (zod), as far as this file needs it. */
type ResponseSchema<value> = {
  safeParse(input: unknown): { success: true; data: value } | { success: false; error: unknown };
};

export async function requestDiscovery<value>(
  options: DiscoveryRequestOptions,
  path: string,
  query: Record<string, string | number | undefined>,
  schema: ResponseSchema<value>,
): Promise<value> {
  const url = new URL(
    path,
    options.facilitatorUrl.endsWith("/") ? options.facilitatorUrl : `${options.facilitatorUrl}/`,
  );
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(name, String(value));
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { accept: "application/json", ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new DiscoveryError(
      "discovery_unreachable",
      `Cannot reach ${url.origin}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {}
    throw new DiscoveryError("discovery_refused", `The facilitator answered ${response.status}: ${message}`, {
      status: response.status,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new DiscoveryError("discovery_invalid_response", "The discovery answer is not JSON.", {
      status: response.status,
      cause: error,
    });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new DiscoveryError(
      "discovery_invalid_response",
      "The discovery answer is not a discovery response.",
      {
        status: response.status,
        cause: parsed.error,
      },
    );
  return parsed.data;
}
