import { X402Error } from "./X402Error.js";

export type FacilitatorErrorCode =
  | "facilitator_unavailable"
  | "facilitator_timeout"
  | "facilitator_bad_response";

/** The facilitator could not be reached, did not answer in time, or answered something that is not x402. */
export class FacilitatorError extends X402Error<FacilitatorErrorCode> {
  override name = "FacilitatorError";
  readonly operation: "verify" | "settle" | "supported";
  readonly status: number | undefined;

  constructor(
    code: FacilitatorErrorCode,
    message: string,
    options: {
      operation: "verify" | "settle" | "supported";
      status?: number;
      cause?: unknown;
      details?: Record<string, unknown>;
    },
  ) {
    super(code, message, { cause: options.cause, details: options.details });
    this.operation = options.operation;
    this.status = options.status;
  }
}
