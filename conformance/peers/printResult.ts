/**
 * The client protocol (README): the last stdout line is a JSON object, with the final HTTP status for an HTTP client
 * and free-form fields for an MCP client.
 */
export function printResult(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
