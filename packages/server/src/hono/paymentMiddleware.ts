import type { VerifiedPayment } from "@x402kit/core";
import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { createSettler } from "../shared/createSettler.js";
import { fromWebRequest } from "../shared/fromWebRequest.js";
import { type PaymentMiddlewareConfig, resolveResourceServer } from "../shared/resolveResourceServer.js";
import { settleWebResponse } from "../shared/settleWebResponse.js";

declare module "hono" {
  interface ContextVariableMap {
    /** The verified (not yet settled) payment, on a paid route. */
    x402: VerifiedPayment | undefined;
  }
}

/**
 * x402 for hono: `app.use(paymentMiddleware({ routes, schemes, facilitator }))`. Unpaid requests to a priced route
 * get the engine's 402; a paid one runs the handler (`c.get("x402")` is the payment), and after it the middleware
 * settles (only when the status is below 400) and adds `PAYMENT-RESPONSE`, or replaces the response with a 402.
 */
export function paymentMiddleware(config: PaymentMiddlewareConfig): MiddlewareHandler {
  const server = resolveResourceServer(config);
  return async (c, next) => {
    const result = await server.processRequest(fromWebRequest(c.req.raw));
    if (result.type === "pass") return next();
    if (result.type === "respond") {
      const { status, headers, body } = result.response;
      return c.body(body, status as ContentfulStatusCode, headers);
    }
    c.set("x402", result.payment);
    const settle = createSettler(result.payment);
    try {
      // hono's compose turns a thrown handler into its error response (500) here, so this rarely throws.
      await next();
    } catch (error) {
      await settle(500);
      throw error;
    }
    const response = await settleWebResponse({ response: c.res, settle, signal: c.req.raw.signal });
    // Cleared first: assigning over a response copies its headers, and a 402 must not carry the handler's.
    c.res = undefined;
    c.res = response;
  };
}
