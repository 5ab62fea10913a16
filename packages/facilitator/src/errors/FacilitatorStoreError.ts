import { X402Error } from "@x402kit/core";

export type FacilitatorStoreErrorCode =
  /** The store's parameters are invalid (a path that is not a string, say). */
  | "store_invalid_config"
  /** An argument is out of range (a chain nonce that is not a count). */
  | "store_invalid_argument"
  /** The database file could not be opened or created. */
  | "store_unavailable"
  /** A statement failed. */
  | "store_query_failed"
  /** The schema migrations failed, or the file was written by a newer x402kit. */
  | "store_migration_failed"
  /** The store was closed. */
  | "store_closed";

/** Every error that the facilitator's SQLite store throws. SQLite's own error, if any, is the `cause`. */
export class FacilitatorStoreError extends X402Error<FacilitatorStoreErrorCode> {
  override name = "FacilitatorStoreError";
  /** The store operation that failed, e.g. `claimSettlement`. */
  readonly operation: string | undefined;

  constructor(
    code: FacilitatorStoreErrorCode,
    message: string,
    options: { operation?: string | undefined; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, { cause: options.cause, details: options.details });
    this.operation = options.operation;
  }
}
