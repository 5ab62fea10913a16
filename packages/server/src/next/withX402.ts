import type { VerifiedPayment } from "@x402kit/core";
import { type PaymentMiddlewareConfig, resolveResourceServer } from "../shared/resolveResourceServer.js";
import { handleWebRequest } from "../web/handleWebRequest.js";

/** The wrapped handler's context: Next.js's own (`params`) plus the payment, set when the route is paid. */
export type X402RouteContext<context> = context & { x402: VerifiedPayment | undefined };

export type X402RouteHandler<context> = (
  request: Request,
  context: X402RouteContext<context>,
) => Response | Promise<Response>;

export type WithX402ReturnType<context> = (request: Request, context: context) => Promise<Response>;

/**
 * Wraps a Next.js App Router route handler (web-standard Request/Response). The handler runs only after the
 * payment is verified; the wrapper settles after it, so nothing is charged for a failed handler.
 *
 * ```ts
 * export const GET = withX402((request, { x402 }) => Response.json({ payer: x402?.payer }), config);
 * ```
 */
export function withX402<context = unknown>(
  handler: X402RouteHandler<context>,
  config: PaymentMiddlewareConfig,
): WithX402ReturnType<context> {
  const server = resolveResourceServer(config);
  return (request, context) =>
    handleWebRequest({
      request,
      server,
      handler: (payment) =>
        handler(request, { ...(context as object), x402: payment } as X402RouteContext<context>),
    });
}
