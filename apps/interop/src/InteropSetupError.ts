/** A test environment that could not be set up as the interop tests need it. */
export class InteropSetupError extends Error {
  override readonly name = "InteropSetupError";
  constructor(
    readonly code: "multicall3_mismatch" | "unexpected_response" | "browser_missing",
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
