import { X402Error } from "@x402kit/core";

/** `startTestPostgres` could not start (or stop) its throwaway server. The server's log tail is in `log`. */
export class TestPostgresError extends X402Error<"test_postgres_failed"> {
  override name = "TestPostgresError";
  readonly log: string;

  constructor(message: string, options: { log?: string; cause?: unknown } = {}) {
    super("test_postgres_failed", message, { cause: options.cause });
    this.log = options.log ?? "";
  }
}
