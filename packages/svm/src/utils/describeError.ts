/** An error's message, bounded, for a reason's `invalidMessage` or `errorMessage`. */
export function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
