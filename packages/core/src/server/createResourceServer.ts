import {
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodeXPaymentResponseHeader,
  HeaderDecodeError,
  headerNames,
  type PaymentRequirements,
  type SettleResponse,
} from "@x402kit/types";
import { z } from "zod";
import { createPaymentEngine } from "../engine/createPaymentEngine.js";
import type {
  EngineSettlement,
  PaymentContext,
  PaymentHooks,
  PaymentInput,
  PaymentLogger,
  PaymentRequiredOutcome,
} from "../engine/types.js";
import { X402Error } from "../errors/X402Error.js";
import type { FacilitatorLike } from "../facilitator/types.js";
import type { SchemeServer } from "../schemes/types.js";
import { requirementsToV1 } from "../versions/requirementsToV1.js";
import { compileRoutes, findRoute } from "./compileRoutes.js";
import { renderPaywall } from "./renderPaywall.js";
import { resourceServerConfigSchema } from "./resourceServerConfigSchema.js";
import type {
  HttpRequest,
  HttpResponse,
  ProcessRequestResult,
  RoutesConfig,
  SettleOutcome,
  VerifiedPayment,
} from "./types.js";

export type CreateResourceServerParameters = {
  routes: RoutesConfig;
  /** The server sides of the schemes that routes may use. */
  schemes: readonly SchemeServer[];
  /** A facilitator, or several used in turn (round robin). */
  facilitator: FacilitatorLike | readonly FacilitatorLike[];
  /** A small HTML page for browsers on a 402. Default on. */
  paywall?: false | { appName?: string | undefined } | undefined;
  /** Accept v1 payments (`X-PAYMENT`) and put a v1 body on the 402. Default true. */
  acceptV1?: boolean | undefined;
  /**
   * The engine's hooks: before a protected request, after verify, after settle, on settlement failure, on a
   * facilitator failure.
   */
  hooks?: PaymentHooks | undefined;
  /**
   * Where settlement outcomes and a failing facilitator are reported: `console`, a pino logger, or anything with
   * `info`, `warn` and `error` (see `PaymentLogger`).
   */
  logger?: PaymentLogger | undefined;
};

export type ResourceServer = {
  /** Builds every route's requirements; runs on the first request if not awaited before. */
  initialize(): Promise<void>;
  processRequest(request: HttpRequest): Promise<ProcessRequestResult>;
  /** The requirements of a route key, once initialized. */
  requirementsFor(routeKey: string): readonly PaymentRequirements[] | undefined;
};

export type CreateResourceServerErrorType = X402Error;

const json = { "content-type": "application/json; charset=utf-8" };

/**
 * The HTTP transport of the payment engine (transports-v2/http.md): matches the route, decodes `PAYMENT-SIGNATURE`
 * (or v1's `X-PAYMENT`), and renders the engine's outcomes as 402 / 400 / 431 / 5xx responses and
 * `PAYMENT-RESPONSE` headers, with a v1 body and an HTML paywall on the 402. The protocol itself (matching,
 * de-duplication, verify, settle) is `createPaymentEngine`'s. The configuration is checked here
 * (`resourceServerConfigSchema`): a bad one throws X402Error("invalid_config") naming the field.
 */
export function createResourceServer(parameters: CreateResourceServerParameters): ResourceServer {
  const checked = resourceServerConfigSchema.safeParse(parameters);
  if (!checked.success)
    throw new X402Error("invalid_config", `createResourceServer: ${z.prettifyError(checked.error)}`);
  const engine = createPaymentEngine({
    resources: parameters.routes,
    schemes: parameters.schemes,
    facilitator: parameters.facilitator,
    hooks: parameters.hooks,
    logger: parameters.logger,
  });
  const acceptV1 = parameters.acceptV1 ?? true;
  const paywall = parameters.paywall ?? {};
  const compiled = compileRoutes(Object.fromEntries(Object.keys(parameters.routes).map((key) => [key, key])));

  function paymentRequired(outcome: PaymentRequiredOutcome, request: HttpRequest): HttpResponse {
    const { status, message } = outcome;
    const body =
      outcome.reason === "payment_required"
        ? { ...outcome.paymentRequired, error: `${headerNames.paymentSignature} header is required` }
        : outcome.paymentRequired;
    const error = body.error!;
    const headers: Record<string, string> = {
      [headerNames.paymentRequired]: encodePaymentRequiredHeader(body),
    };
    const accept = request.header("accept") ?? "";
    if (
      paywall &&
      status === 402 &&
      accept.includes("text/html") &&
      /Mozilla/.test(request.header("user-agent") ?? "")
    ) {
      return {
        status,
        headers: { ...headers, "content-type": "text/html; charset=utf-8" },
        body: renderPaywall(body, paywall),
      };
    }
    // The v2 message is in the header; the body carries the v1 form so that v1 clients can pay too (spec v1 §5.1).
    const v1Accepts = acceptV1 ? body.accepts.flatMap((r) => requirementsToV1(r, body.resource) ?? []) : [];
    const payload =
      v1Accepts.length > 0
        ? { x402Version: 1, error, accepts: v1Accepts }
        : { x402Version: 2, error, ...(message ? { message } : {}) };
    return { status, headers: { ...headers, ...json }, body: JSON.stringify(payload) };
  }

  function failure(
    status: number,
    error: string,
    message: string,
    headers: Record<string, string> = {},
  ): HttpResponse {
    return { status, headers: { ...headers, ...json }, body: JSON.stringify({ error, message }) };
  }

  function responseHeader(x402Version: 1 | 2, settlement: SettleResponse): Record<string, string> {
    return x402Version === 2
      ? { [headerNames.paymentResponse]: encodePaymentResponseHeader(settlement) }
      : { [headerNames.xPaymentResponse]: encodeXPaymentResponseHeader(settlement) };
  }

  /** A settlement the engine refused: never the handler's body (spec v2 §6). */
  function refusal(
    x402Version: 1 | 2,
    outcome: Extract<EngineSettlement, { type: "refused" }>,
    request: HttpRequest,
  ): HttpResponse {
    const { reason, message, settlement, paymentRequired: required } = outcome;
    if (!settlement || !required) return failure(outcome.status, reason, message ?? reason);
    const header = responseHeader(x402Version, settlement);
    // v1 answers its 402 body beside X-PAYMENT-RESPONSE (transports-v1/http.md); v2 answers `{}` beside
    // PAYMENT-RESPONSE (transports-v2/http.md), or the reason when the engine gives a message.
    if (x402Version === 1) {
      const response = paymentRequired(
        { type: "payment-required", reason, status: 402, paymentRequired: required },
        request,
      );
      return { ...response, headers: { ...response.headers, ...header } };
    }
    return message
      ? failure(402, reason, message, header)
      : { status: 402, headers: { ...header, ...json }, body: "{}" };
  }

  async function processRequest(request: HttpRequest): Promise<ProcessRequestResult> {
    await engine.initialize();
    const queryAt = request.url.indexOf("?");
    const withoutQuery = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
    const path = withoutQuery.startsWith("/") ? withoutQuery : new URL(withoutQuery).pathname;
    const entry = findRoute(compiled, request.method, path);
    if (!entry) return { type: "pass" };
    const context: PaymentContext = { transport: "http", resource: entry.route, url: request.url, request };

    const signature = request.header(headerNames.paymentSignature);
    const xPayment = acceptV1 ? request.header(headerNames.xPayment) : undefined;
    // Decode (transports-v2/http.md: a malformed payload is 400).
    let input: PaymentInput | undefined;
    try {
      if (signature) input = { x402Version: 2, payload: decodePaymentSignatureHeader(signature) };
      else if (xPayment) input = { x402Version: 1, payload: decodeXPaymentHeader(xPayment) };
    } catch (error) {
      if (!(error instanceof HeaderDecodeError)) throw error;
      const status = error.code === "payment_header_too_large" ? 431 : 400;
      const outcome = await engine.paymentRequired(context, error.code, { status, message: error.message });
      return { type: "respond", response: paymentRequired(outcome, request) };
    }

    const outcome = await engine.process(context, input);
    if (outcome.type === "payment-required")
      return { type: "respond", response: paymentRequired(outcome, request) };
    if (outcome.type === "refused")
      return { type: "respond", response: failure(outcome.status, outcome.reason, outcome.message) };
    // A hook granted access without payment: the handler runs as on a free route.
    if (outcome.type === "granted") return { type: "pass" };
    if (outcome.type === "settled") {
      // A payment operation without the handler (a cooperative refund): 200 with its settlement, or the refusal.
      const { settlement } = outcome;
      if (settlement.type === "refused")
        return { type: "respond", response: refusal(outcome.x402Version, settlement, request) };
      const receipt = settlement.settlement!;
      return {
        type: "respond",
        response: {
          status: 200,
          headers: { ...responseHeader(outcome.x402Version, receipt), ...json },
          body: JSON.stringify(receipt),
        },
      };
    }
    const { settle, resource: _, ...verified } = outcome.payment;
    const payment: VerifiedPayment = {
      ...verified,
      async settle(result): Promise<SettleOutcome> {
        const settled = await settle({ failed: result.status >= 400 });
        if (settled.type === "refused")
          return { type: "respond", response: refusal(verified.x402Version, settled, request) };
        return {
          type: "deliver",
          headers: settled.settlement ? responseHeader(verified.x402Version, settled.settlement) : {},
          settlement: settled.settlement,
        };
      },
    };
    return { type: "paid", payment };
  }

  return {
    initialize: engine.initialize,
    processRequest,
    requirementsFor: engine.requirementsFor,
  };
}
