/** The client protocol (README): the last stdout line is a JSON object with the final HTTP status. */
export function printResult(result: {
  status: number | null;
  paymentResponse?: string | null;
  error?: string;
}): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
