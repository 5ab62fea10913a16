import { X402Error } from "@x402kit/core";

export type PostgresStoreErrorCode =
  /** The store's configuration is invalid (connection string, schema name, lease parameters). */
  | "store_invalid_config"
  /** An argument is out of range (a lease's ttl, a chain nonce that is not a count). */
  | "store_invalid_argument"
  /** The database could not be reached. */
  | "store_unavailable"
  /** A statement failed on the server. */
  | "store_query_failed"
  /** The schema migrations failed. */
  | "store_migration_failed"
  /** The store was closed. */
  | "store_closed";

/** Every error that `@x402kit/store-postgres` throws. The driver's error, if any, is the `cause`. */
export class PostgresStoreError extends X402Error<PostgresStoreErrorCode> {
  override name = "PostgresStoreError";
  /** The store operation that failed, e.g. `claimSettlement`. */
  readonly operation: string | undefined;
  /** PostgreSQL's SQLSTATE, when the server answered with an error. */
  readonly sqlState: string | undefined;

  constructor(
    code: PostgresStoreErrorCode,
    message: string,
    options: {
      operation?: string | undefined;
      sqlState?: string | undefined;
      cause?: unknown;
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(code, message, { cause: options.cause, details: options.details });
    this.operation = options.operation;
    this.sqlState = options.sqlState;
  }
}
