/** Stable codes of the errors the suite itself raises (setup, usage), as opposed to case failures. */
export type ConformanceErrorCode =
  | "usage"
  | "chain_unreachable"
  | "deploy_failed"
  | "command_exited"
  | "command_timeout"
  | "no_cases";

/** An error of the suite itself (not of the implementation under test): short message, details in fields. */
export class ConformanceError extends Error {
  override name = "ConformanceError";
  readonly code: ConformanceErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ConformanceErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}
