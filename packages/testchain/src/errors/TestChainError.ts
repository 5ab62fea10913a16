/** The local chain could not start, or a helper call on it failed. `output` is the node's last output, if any. */
export class TestChainError extends Error {
  override name = "TestChainError";
  readonly output: string | undefined;

  constructor(message: string, options: { output?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.output = options.output;
  }
}
