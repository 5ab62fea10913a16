import {
  type FacilitatorRequest,
  type SettleResponse,
  type SupportedResponse,
  settleResponseSchema,
  supportedResponseSchema,
  type VerifyResponse,
  verifyResponseSchema,
} from "@x402kit/types";
import type { z } from "zod";
import { FacilitatorError } from "../errors/FacilitatorError.js";
import { getNodeHttpFetch } from "./getNodeHttpFetch.js";
import type { FacilitatorLike } from "./types.js";

export type CreateFacilitatorClientParameters = {
  /** Base URL, e.g. `http://127.0.0.1:4020`; `/verify`, `/settle` and `/supported` are appended. */
  url: string;
  /** Per-attempt timeout for verify and supported. Default 10 s. */
  timeoutMs?: number;
  /** Timeout for settle, which waits for a receipt. Default 45 s: longer than a facilitator's receipt wait (30 s in x402kit), so that a slow receipt comes back as a pending answer with its hash rather than a timeout here. */
  settleTimeoutMs?: number;
  /** Extra attempts for the idempotent calls (verify, supported) after a network error or a 5xx. Default 1. */
  retries?: number;
  /**
   * The facilitator's API key, sent as `Authorization: Bearer <key>` on every call (x402kit's facilitator with
   * `apiKeys`; hosted facilitators). A 401 or 403 then fails as `facilitator_unauthorized`.
   */
  apiKey?: string;
  /** Headers for every call (they win over `apiKey`'s). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Default: on Node.js, `fetch` over `node:http` (`getNodeHttpFetch`, cheaper per call); elsewhere the global one. */
  fetch?: typeof globalThis.fetch;
};

export type CreateFacilitatorClientReturnType = FacilitatorLike & { readonly url: string };

export type FacilitatorClientErrorType = FacilitatorError;

/**
 * An HTTP client for a facilitator (spec v2 §7). Every answer is schema-checked. Only the idempotent calls are
 * retried; settle is sent once, because a lost answer from a facilitator without de-duplication could mean a
 * second transfer.
 */
export function createFacilitatorClient(
  parameters: CreateFacilitatorClientParameters,
): CreateFacilitatorClientReturnType {
  const base = parameters.url.replace(/\/+$/, "");
  const fetchFn = parameters.fetch ?? getNodeHttpFetch() ?? globalThis.fetch;
  const timeoutMs = parameters.timeoutMs ?? 10_000;
  const settleTimeoutMs = parameters.settleTimeoutMs ?? 45_000;
  const retries = parameters.retries ?? 1;

  async function call<schema extends z.ZodType>(
    operation: "verify" | "settle" | "supported",
    schema: schema,
    body: unknown,
  ): Promise<z.infer<schema>> {
    const attempts = operation === "settle" ? 1 : 1 + retries;
    const limit = operation === "settle" ? settleTimeoutMs : timeoutMs;
    let lastError: FacilitatorError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const extraHeaders =
        typeof parameters.headers === "function" ? await parameters.headers() : (parameters.headers ?? {});
      let response: Response;
      try {
        response = await fetchFn(`${base}/${operation}`, {
          method: body === undefined ? "GET" : "POST",
          headers: {
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...(parameters.apiKey === undefined ? {} : { authorization: `Bearer ${parameters.apiKey}` }),
            ...extraHeaders,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(limit),
        });
      } catch (error) {
        const timedOut =
          error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
        lastError = new FacilitatorError(
          timedOut ? "facilitator_timeout" : "facilitator_unavailable",
          timedOut
            ? `The facilitator did not answer ${operation} within ${limit} ms.`
            : `The facilitator could not be reached for ${operation}.`,
          { operation, cause: error, details: { url: `${base}/${operation}` } },
        );
        continue;
      }
      // Not an x402 answer: the facilitator refused the caller, not the payment. Neither is retried.
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new FacilitatorError(
          "facilitator_unauthorized",
          `The facilitator refused ${operation} (HTTP ${response.status}): ${parameters.apiKey === undefined ? "it needs an API key (apiKey)" : "the API key is not accepted"}.`,
          { operation, status: response.status, details: { url: `${base}/${operation}` } },
        );
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const retryAfter = Number(response.headers.get("retry-after"));
        const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
        throw new FacilitatorError(
          "facilitator_rate_limited",
          `The facilitator is rate-limiting ${operation}${retryAfterSeconds === undefined ? "" : `; retry after ${retryAfterSeconds} s`}.`,
          { operation, status: 429, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
        );
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        lastError = new FacilitatorError(
          "facilitator_bad_response",
          `The facilitator's ${operation} answer is not JSON.`,
          {
            operation,
            status: response.status,
            cause: error,
          },
        );
        if (response.status >= 500) continue;
        throw lastError;
      }
      const parsed = schema.safeParse(json);
      // A facilitator may answer a refused payment with a 4xx and a valid body; the body decides.
      if (parsed.success) return parsed.data;
      lastError = new FacilitatorError(
        "facilitator_bad_response",
        `The facilitator's ${operation} answer (HTTP ${response.status}) does not match the x402 schema.`,
        {
          operation,
          status: response.status,
          details: { body: json, issues: parsed.error.issues.slice(0, 5) },
        },
      );
      if (response.status >= 500) continue;
      throw lastError;
    }
    throw lastError!;
  }

  return {
    url: base,
    verify: (request: FacilitatorRequest): Promise<VerifyResponse> =>
      call("verify", verifyResponseSchema, request),
    settle: (request: FacilitatorRequest): Promise<SettleResponse> =>
      call("settle", settleResponseSchema, request),
    supported: (): Promise<SupportedResponse> => call("supported", supportedResponseSchema, undefined),
  };
}
