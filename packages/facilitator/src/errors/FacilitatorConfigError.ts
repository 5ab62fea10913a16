import { X402Error } from "@x402kit/core";

/** A facilitator, server or CLI option is invalid; the message says which and why. Thrown at start-up. */
export class FacilitatorConfigError extends X402Error<"invalid_config"> {
  override name = "FacilitatorConfigError";

  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super("invalid_config", message, options);
  }
}
