import type { VerifiedPayment } from "@x402kit/core";
import type { RequestHandler } from "express";
import { createSettler } from "../shared/createSettler.js";
import { fromNodeRequest } from "../shared/fromNodeRequest.js";
import { releaseOnClose } from "../shared/releaseOnClose.js";
import { type PaymentMiddlewareConfig, resolveResourceServer } from "../shared/resolveResourceServer.js";
import { holdResponse } from "./holdResponse.js";

declare global {
  namespace Express {
    interface Locals {
      /** The verified (not yet settled) payment, on a paid route. */
      x402?: VerifiedPayment | undefined;
    }
  }
}

/**
 * x402 for express: `app.use(paymentMiddleware({ routes, schemes, facilitator }))`. Unpaid requests to a priced
 * route get the engine's 402. A paid one runs the handler (`res.locals.x402` is the payment) while its response is
 * held; then the middleware settles (only when the status is below 400) and sends it with `PAYMENT-RESPONSE`, or
 * sends the engine's 402 instead, without the handler's body or headers.
 */
export function paymentMiddleware(config: PaymentMiddlewareConfig): RequestHandler {
  const server = resolveResourceServer(config);
  return async (req, res, next) => {
    const result = await server.processRequest(
      fromNodeRequest({
        method: req.method,
        protocol: req.protocol,
        host: req.get("host"),
        path: req.originalUrl,
        headers: req.headers,
      }),
    );
    if (result.type === "pass") return next();
    if (result.type === "respond") {
      const { status, headers, body } = result.response;
      res.writeHead(status, headers).end(body);
      return;
    }
    const settle = createSettler(result.payment);
    releaseOnClose(res, settle);
    // Headers set before this middleware (CORS and the like) survive a 402; the handler's do not.
    const before = res.getHeaders();
    holdResponse(res, (held) => {
      settle(res.statusCode).then(
        (outcome) => {
          if (outcome.type === "deliver") {
            for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
            return held.flush();
          }
          for (const name of res.getHeaderNames()) res.removeHeader(name);
          for (const [name, value] of Object.entries(before))
            if (value !== undefined) res.setHeader(name, value);
          for (const [name, value] of Object.entries(outcome.response.headers)) res.setHeader(name, value);
          res.statusCode = outcome.response.status;
          res.statusMessage = "";
          held.flush(outcome.response.body);
        },
        (error: unknown) => res.destroy(error instanceof Error ? error : undefined),
      );
    });
    res.locals.x402 = result.payment;
    next();
  };
}
