/** A demo step did not do what it should; the message says what, `details` what was seen. */
export class DemoError extends Error {
  override name = "DemoError";
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.details = details;
  }
}
