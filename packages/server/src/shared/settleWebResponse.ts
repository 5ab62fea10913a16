import type { Settler } from "./createSettler.js";
import { CLIENT_CLOSED_STATUS } from "./createSettler.js";
import { toWebResponse } from "./toWebResponse.js";

// Statuses whose responses cannot carry a body (fetch spec, "null body status").
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

export type SettleWebResponseParameters = {
  /** The handler's response, not yet sent. */
  response: Response;
  settle: Settler;
  /** The request's signal: aborted when the client went away, then nothing is charged. */
  signal?: AbortSignal | undefined;
};

/**
 * Holds a handler's `Response` (its body read to the end, so a stream is buffered), settles, and returns what to
 * send: the held response with the outcome's headers, or the engine's response instead (never the held body).
 * If the body fails while buffering, the payment is released and the error rethrown.
 */
export async function settleWebResponse(parameters: SettleWebResponseParameters): Promise<Response> {
  const { response, settle, signal } = parameters;
  let body: ArrayBuffer | null = null;
  try {
    if (response.body !== null) body = await response.arrayBuffer();
  } catch (error) {
    await settle(500);
    throw error;
  }
  const outcome = await settle(signal?.aborted ? CLIENT_CLOSED_STATUS : response.status);
  if (outcome.type === "respond") return toWebResponse(outcome.response);
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(outcome.headers)) headers.set(name, value);
  return new Response(nullBodyStatuses.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
