import { X402Error } from "@x402kit/core";

export type DiscoveryErrorCode =
  /** The facilitator could not be reached, or did not answer in time. */
  | "discovery_unreachable"
  /** The facilitator refused the query (4xx) or failed (5xx); `status` and its message say why. */
  | "discovery_refused"
  /** The answer is not a discovery response (spec v2 §8). */
  | "discovery_invalid_response";

/** A discovery request failed. */
export class DiscoveryError extends X402Error<DiscoveryErrorCode> {
  override name = "DiscoveryError";
  /** The facilitator's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(
    code: DiscoveryErrorCode,
    message: string,
    options: { status?: number | undefined; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause, details: { status: options.status } });
    this.status = options.status;
  }
}
