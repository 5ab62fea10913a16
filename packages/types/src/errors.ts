/** An error from @x402kit/types: `code` is a stable reason code (spec v2 §9 where one exists). */
export class X402TypesError extends Error {
  override name = "X402TypesError";
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
