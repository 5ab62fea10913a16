import { X402Error } from "./X402Error.js";

export type FacilitatorErrorCode =
  | "facilitator_unavailable"
  | "facilitator_timeout"
  | "facilitator_bad_response"
  /** 401 or 403: the facilitator wants an API key (`createFacilitatorClient({ apiKey })`), or another one. */
  | "facilitator_unauthorized"
  /** 429: over the facilitator's rate limit or settlement capacity; `retryAfterSeconds` says when to retry. */
  | "facilitator_rate_limited";

/**
 * The facilitator could not be reached, did not answer in time, answered something that is not x402, refused our
 * API key, or is rate-limiting us.
 */
export class FacilitatorError extends X402Error<FacilitatorErrorCode> {
  override name = "FacilitatorError";
  readonly operation: "verify" | "settle" | "supported";
  readonly status: number | undefined;
  /** From a 429's `Retry-After`, in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: FacilitatorErrorCode,
    message: string,
    options: {
      operation: "verify" | "settle" | "supported";
      status?: number;
      retryAfterSeconds?: number;
      cause?: unknown;
      details?: Record<string, unknown>;
    },
  ) {
    super(code, message, { cause: options.cause, details: options.details });
    this.operation = options.operation;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
