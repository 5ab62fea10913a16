import { describeResponse } from "../harness/describeResponse.js";

/** The longest a paid request of a figure may take before it counts as failed. */
export const paidRequestTimeoutMs = 60_000;

/** One paid `GET` through a paying fetch: a success is a 200 with its body read; anything else throws. */
export async function paidRequest(paidFetch: typeof globalThis.fetch, url: string): Promise<void> {
  const response = await paidFetch(url, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(paidRequestTimeoutMs),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(describeResponse(response, body));
}
