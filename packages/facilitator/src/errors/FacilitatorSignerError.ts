import { X402Error } from "@x402kit/core";

/**
 * No signer account can be used: none of the pool is free (every lease is held by a live instance, or by a dead one
 * whose transactions are still pending), or this instance's lease ran out. Nothing was signed.
 */
export class FacilitatorSignerError extends X402Error<"signer_unavailable"> {
  override name = "FacilitatorSignerError";

  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super("signer_unavailable", message, options);
  }
}
