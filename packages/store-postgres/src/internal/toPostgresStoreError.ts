import { X402Error } from "@x402kit/core";
import { PostgresStoreError } from "../PostgresStoreError.js";

/** Network-level failures of the driver: the database is not there (or went away). */
const unavailableErrnos = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
]);

/**
 * SQLSTATEs that mean "the server cannot serve us now": class 08 (connection exception), 57P01-57P03 (shutdown,
 * crash, starting up), 53300 (too many connections).
 */
function isUnavailableSqlState(sqlState: string): boolean {
  return sqlState.startsWith("08") || /^57P0[1-3]$/.test(sqlState) || sqlState === "53300";
}

/** Turns whatever the driver threw into a `PostgresStoreError`; leaves x402kit errors as they are. */
export function toPostgresStoreError(error: unknown, operation: string): X402Error {
  if (error instanceof X402Error) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
    return new PostgresStoreError(
      isUnavailableSqlState(code) ? "store_unavailable" : "store_query_failed",
      `${operation} failed: ${message}`,
      { operation, sqlState: code, cause: error },
    );
  }
  const unavailable =
    (typeof code === "string" && unavailableErrnos.has(code)) ||
    /connection terminated|timeout exceeded when trying to connect|connection error/i.test(message);
  return new PostgresStoreError(
    unavailable ? "store_unavailable" : "store_query_failed",
    `${operation} failed: ${message}`,
    { operation, cause: error },
  );
}
