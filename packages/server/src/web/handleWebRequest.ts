import type { ResourceServer, VerifiedPayment } from "@x402kit/core";
import { createSettler } from "../shared/createSettler.js";
import { fromWebRequest } from "../shared/fromWebRequest.js";
import { settleWebResponse } from "../shared/settleWebResponse.js";
import { toWebResponse } from "../shared/toWebResponse.js";

export type HandleWebRequestParameters = {
  request: Request;
  server: ResourceServer;
  /** The route's handler. `payment` is set on a paid route (verified, not yet settled), undefined on a free one. */
  handler: (payment: VerifiedPayment | undefined) => Response | Promise<Response>;
};

export type HandleWebRequestReturnType = Promise<Response>;

/**
 * x402 for any fetch-API runtime: answers 402/400 from the engine, or runs the handler, holds its response,
 * settles (only when its status is below 400) and returns the response with `PAYMENT-RESPONSE`, or the engine's
 * 402 instead. A handler that throws releases the payment unsettled and the error propagates to the runtime.
 */
export async function handleWebRequest(parameters: HandleWebRequestParameters): HandleWebRequestReturnType {
  const { request, server, handler } = parameters;
  const result = await server.processRequest(fromWebRequest(request));
  if (result.type === "pass") return handler(undefined);
  if (result.type === "respond") return toWebResponse(result.response);
  const settle = createSettler(result.payment);
  let response: Response;
  try {
    response = await handler(result.payment);
  } catch (error) {
    await settle(500);
    throw error;
  }
  return settleWebResponse({ response, settle, signal: request.signal });
}
