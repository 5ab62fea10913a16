/**
 * The client protocol (README): the last stdout line is a JSON object, with the final HTTP status for an HTTP client
 * and free-form fields for an MCP client.
 */
export function printResult(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * The whole client protocol for an HTTP client: one request of `url` with the client's paying fetch, then the
 * result line with the final status and the settlement header (`PAYMENT-RESPONSE`, or v1's `X-PAYMENT-RESPONSE`).
 */
export async function fetchAndPrintResult(
  fetchWithPayment: (url: string) => Promise<Response>,
  url: string,
  header = "PAYMENT-RESPONSE",
): Promise<void> {
  try {
    const response = await fetchWithPayment(url);
    await response.text();
    printResult({ status: response.status, paymentResponse: response.headers.get(header) });
  } catch (error) {
    printResult({ status: null, error: error instanceof Error ? error.message : String(error) });
  }
}
