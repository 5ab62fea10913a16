/**
 * The base of every error that x402kit throws across a package boundary.
 * `code` is stable: the spec's reason code where one exists (spec v2 §9), else an x402kit code.
 */
export class X402Error<code extends string = string> extends Error {
  override name = "X402Error";
  readonly code: code;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: code,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}
