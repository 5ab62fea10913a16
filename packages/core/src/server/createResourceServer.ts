import {
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodeXPaymentResponseHeader,
  type FacilitatorRequest,
  HeaderDecodeError,
  headerNames,
  type PaymentPayload,
  type PaymentPayloadV1,
  type PaymentRequired,
  type PaymentRequirements,
  type ResourceInfo,
  type SettleResponse,
  type VerifyResponse,
  v1NetworkToCaip2,
} from "@x402kit/types";
import { z } from "zod";
import { FacilitatorError } from "../errors/FacilitatorError.js";
import { X402Error } from "../errors/X402Error.js";
import { isReplayedSettlement } from "../facilitator/replayedSettlement.js";
import type { FacilitatorLike } from "../facilitator/types.js";
import { parsePrice } from "../pricing/parsePrice.js";
import { createSchemeRegistry } from "../registry/createSchemeRegistry.js";
import type { SchemeServer } from "../schemes/types.js";
import { payloadFromV1 } from "../versions/payloadFromV1.js";
import { requirementsToV1 } from "../versions/requirementsToV1.js";
import { compileRoutes, findRoute } from "./compileRoutes.js";
import { createExpirySweep } from "./createExpirySweep.js";
import { renderPaywall } from "./renderPaywall.js";
import { canonicalJson, requirementsMatch } from "./requirementsMatch.js";
import { resourceServerConfigSchema } from "./resourceServerConfigSchema.js";
import type {
  HttpRequest,
  HttpResponse,
  ProcessRequestResult,
  RouteConfig,
  RoutesConfig,
  SettleOutcome,
  VerifiedPayment,
} from "./types.js";
import { withDeliveryToken } from "./withDeliveryToken.js";

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
};

export type ResourceServer = {
  /** Builds every route's requirements; runs on the first request if not awaited before. */
  initialize(): Promise<void>;
  processRequest(request: HttpRequest): Promise<ProcessRequestResult>;
  /** The requirements of a route key, once initialized. */
  requirementsFor(routeKey: string): readonly PaymentRequirements[] | undefined;
};

export type CreateResourceServerErrorType = X402Error;

type PreparedRoute = {
  config: RouteConfig;
  requirements: PaymentRequirements[];
};

const json = { "content-type": "application/json; charset=utf-8" };

/**
 * The HTTP-agnostic resource-server engine (transports-v2/http.md): decides pass, 402, 400, verify, and after the
 * handler, settle. Framework adapters only translate requests and responses to and from it. The configuration is
 * checked here (`resourceServerConfigSchema`): a bad one throws X402Error("invalid_config") naming the field.
 */
export function createResourceServer(parameters: CreateResourceServerParameters): ResourceServer {
  const checked = resourceServerConfigSchema.safeParse(parameters);
  if (!checked.success)
    throw new X402Error("invalid_config", `createResourceServer: ${z.prettifyError(checked.error)}`);
  const registry = createSchemeRegistry(parameters.schemes);
  const facilitators = Array.isArray(parameters.facilitator)
    ? (parameters.facilitator as readonly FacilitatorLike[])
    : [parameters.facilitator as FacilitatorLike];
  let turn = 0;
  const nextFacilitator = () => facilitators[turn++ % facilitators.length]!;
  const acceptV1 = parameters.acceptV1 ?? true;
  const paywall = parameters.paywall ?? {};
  const compiled = compileRoutes<PreparedRoute>(
    Object.fromEntries(
      Object.entries(parameters.routes).map(([key, config]) => [key, { config, requirements: [] }]),
    ),
  );

  // Payments in flight or delivered, by the canonical payload: one payment, one delivery (spec v2 §6.2 replay).
  const inFlight = new Map<string, Promise<boolean>>();
  const delivered = new Map<string, number>();
  // Payments whose settlement this server lost track of: the facilitator failed or timed out during settle, or
  // answered `settlement_pending`. The transfer may be on-chain already, so verifying again would refuse the used
  // authorization and the payer would have paid for nothing. Presented again, such a payment skips verify and is
  // settled again with the same facilitator, which answers with the outcome it recorded (or settles it now).
  const unsettled = new Map<string, Unsettled>();

  let ready: Promise<void> | undefined;
  const initialize = () => {
    ready ??= (async () => {
      for (const entry of compiled) {
        const options = Array.isArray(entry.route.config.accepts)
          ? entry.route.config.accepts
          : [entry.route.config.accepts];
        if (options.length === 0)
          throw new X402Error("invalid_config", `Route "${entry.pattern}" accepts no payment.`);
        for (const option of options) {
          const scheme = registry.find(option.scheme, option.network);
          if (!scheme)
            throw new X402Error(
              "invalid_config",
              `No server scheme "${option.scheme}" for ${option.network} (route "${entry.pattern}").`,
            );
          entry.route.requirements.push(
            await scheme.buildRequirements({
              network: option.network,
              price: parsePrice(option.price),
              payTo: option.payTo,
              maxTimeoutSeconds: option.maxTimeoutSeconds ?? 60,
              extra: option.extra,
            }),
          );
        }
      }
    })();
    return ready;
  };

  function resourceOf(route: RouteConfig, request: HttpRequest): ResourceInfo {
    return {
      url: route.resource ?? request.url,
      ...(route.description !== undefined ? { description: route.description } : {}),
      ...(route.mimeType !== undefined ? { mimeType: route.mimeType } : {}),
    };
  }

  function paymentRequired(
    route: PreparedRoute,
    request: HttpRequest,
    error: string,
    status = 402,
    message?: string,
  ): HttpResponse {
    const resource = resourceOf(route.config, request);
    const body: PaymentRequired = {
      x402Version: 2,
      error,
      resource,
      accepts: route.requirements,
      ...(route.config.extensions ? { extensions: route.config.extensions } : {}),
    };
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
    const v1Accepts = acceptV1 ? route.requirements.flatMap((r) => requirementsToV1(r, resource) ?? []) : [];
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

  function facilitatorFailure(error: unknown): HttpResponse {
    if (error instanceof FacilitatorError) {
      return failure(error.code === "facilitator_timeout" ? 504 : 502, error.code, error.message);
    }
    return failure(500, "unexpected_error", "The payment could not be processed.");
  }

  function responseHeader(x402Version: 1 | 2, settlement: SettleResponse): Record<string, string> {
    return x402Version === 2
      ? { [headerNames.paymentResponse]: encodePaymentResponseHeader(settlement) }
      : { [headerNames.xPaymentResponse]: encodeXPaymentResponseHeader(settlement) };
  }

  const pruneExpired = createExpirySweep({ threshold: 10_000, everyMs: 1_000 });
  const pruneDelivered = (now: number) => pruneExpired(delivered, (expires) => expires, now);
  const pruneUnsettled = (now: number) => pruneExpired(unsettled, (entry) => entry.until, now);

  async function processRequest(request: HttpRequest): Promise<ProcessRequestResult> {
    await initialize();
    const queryAt = request.url.indexOf("?");
    const withoutQuery = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
    const path = withoutQuery.startsWith("/") ? withoutQuery : new URL(withoutQuery).pathname;
    const entry = findRoute(compiled, request.method, path);
    if (!entry) return { type: "pass" };
    const route = entry.route;

    const signature = request.header(headerNames.paymentSignature);
    const xPayment = acceptV1 ? request.header(headerNames.xPayment) : undefined;
    if (!signature && !xPayment) {
      return {
        type: "respond",
        response: paymentRequired(route, request, `${headerNames.paymentSignature} header is required`),
      };
    }

    // Decode (transports-v2/http.md: a malformed payload is 400).
    let x402Version: 1 | 2;
    let payload: PaymentPayload | undefined;
    let v1Payload: PaymentPayloadV1 | undefined;
    let requirements: PaymentRequirements | undefined;
    try {
      if (signature) {
        x402Version = 2;
        const decoded = decodePaymentSignatureHeader(signature);
        payload = decoded;
        requirements = route.requirements.find((offered) => requirementsMatch(decoded.accepted, offered));
      } else {
        x402Version = 1;
        v1Payload = decodeXPaymentHeader(xPayment!);
        const network = v1Payload.network;
        requirements = route.requirements.find(
          (offered) =>
            offered.scheme === v1Payload!.scheme && requirementsFromV1Network(offered.network, network),
        );
        if (requirements) payload = payloadFromV1(v1Payload, requirements);
      }
    } catch (error) {
      if (error instanceof HeaderDecodeError) {
        const status = error.code === "payment_header_too_large" ? 431 : 400;
        return {
          type: "respond",
          response: paymentRequired(route, request, error.code, status, error.message),
        };
      }
      throw error;
    }
    if (!requirements || !payload) {
      return {
        type: "respond",
        response: paymentRequired(
          route,
          request,
          "payment_requirements_mismatch",
          402,
          "The payment does not match any requirement offered for this route.",
        ),
      };
    }
    const scheme = registry.find(requirements.scheme, requirements.network)!;

    // One payment, one delivery: wait for an identical payment in flight, refuse one already delivered.
    const key = canonicalJson([requirements.network, requirements.asset, payload.payload]);
    for (;;) {
      const now = Date.now();
      const until = delivered.get(key);
      if (until !== undefined && until > now) {
        return {
          type: "respond",
          response: paymentRequired(
            route,
            request,
            "duplicate_settlement",
            402,
            "This payment was already used.",
          ),
        };
      }
      const running = inFlight.get(key);
      if (!running) break;
      await running.catch(() => false);
    }
    let finish!: (deliveredContent: boolean) => void;
    inFlight.set(key, new Promise<boolean>((resolve) => (finish = resolve)));
    const release = (deliveredContent: boolean) => {
      if (deliveredContent) {
        pruneDelivered(Date.now());
        delivered.set(key, Date.now() + (requirements.maxTimeoutSeconds + 660) * 1000);
      }
      inFlight.delete(key);
      finish(deliveredContent);
    };

    const facilitatorRequest: FacilitatorRequest =
      x402Version === 2
        ? { x402Version: 2, paymentPayload: payload, paymentRequirements: requirements }
        : {
            x402Version: 1,
            paymentPayload: v1Payload!,
            paymentRequirements: requirementsToV1(requirements, resourceOf(route.config, request))!,
          };
    const lost = unsettled.get(key);
    if (lost && lost.until <= Date.now()) unsettled.delete(key);
    const resumed = lost && lost.until > Date.now() ? lost : undefined;
    const facilitator = resumed?.facilitator ?? nextFacilitator();
    // Only this server knows it: with it, the facilitator hands a lost first-hand answer to this server again.
    const deliveryToken = resumed?.deliveryToken ?? randomDeliveryToken();
    let verification: VerifyResponse;
    if (resumed) {
      verification = resumed.verification;
    } else {
      try {
        verification = await facilitator.verify(facilitatorRequest);
      } catch (error) {
        release(false);
        return { type: "respond", response: facilitatorFailure(error) };
      }
      if (!verification.isValid) {
        release(false);
        const reason = verification.invalidReason ?? "invalid_payload";
        // scheme_exact_evm.md §2 phase 3: a missing Permit2 allowance is 412 Precondition Failed.
        const status = reason === "permit2_allowance_required" ? 412 : 402;
        return {
          type: "respond",
          response: paymentRequired(route, request, reason, status, verification.invalidMessage),
        };
      }
    }
    /** The settlement's outcome is unknown: keep the payment redeemable (see `unsettled`). */
    const lostTrack = () => {
      pruneUnsettled(Date.now());
      unsettled.set(key, {
        until: Date.now() + (requirements.maxTimeoutSeconds + 660) * 1000,
        verification,
        facilitator,
        deliveryToken,
      });
    };

    let settlementAmount: bigint | undefined;
    let settled = false;
    const payment: VerifiedPayment = {
      x402Version,
      payload,
      requirements,
      verification,
      payer: verification.payer,
      setSettlementAmount(amount) {
        const value = BigInt(amount);
        if (value < 0n)
          throw new X402Error("invalid_settlement_amount", "A settlement amount cannot be negative.");
        settlementAmount = value;
      },
      async settle(result): Promise<SettleOutcome> {
        if (settled) throw new X402Error("invalid_state", "settle() was already called for this payment.");
        settled = true;
        if (result.status >= 400) {
          release(false);
          return { type: "deliver", headers: {}, settlement: undefined };
        }
        let toSettle = requirements;
        try {
          if (scheme.prepareSettlement)
            toSettle = scheme.prepareSettlement({ requirements, payload, settlementAmount });
          else if (settlementAmount !== undefined && settlementAmount !== BigInt(requirements.amount))
            throw new X402Error(
              "invalid_settlement_amount",
              `The "${requirements.scheme}" scheme settles its fixed amount only.`,
            );
        } catch (error) {
          release(false);
          const code = error instanceof X402Error ? error.code : "invalid_settlement_amount";
          return {
            type: "respond",
            response: failure(500, code, error instanceof Error ? error.message : String(error)),
          };
        }
        const settleRequest: FacilitatorRequest =
          x402Version === 2
            ? { x402Version: 2, paymentPayload: payload, paymentRequirements: toSettle }
            : ({
                ...facilitatorRequest,
                paymentRequirements: {
                  ...(facilitatorRequest.paymentRequirements as object),
                  maxAmountRequired: toSettle.amount,
                },
              } as FacilitatorRequest);
        // A refused settlement: never the handler's body (spec v2 §6). v2 answers `{}` beside PAYMENT-RESPONSE
        // (transports-v2/http.md); v1 answers its 402 body beside X-PAYMENT-RESPONSE (transports-v1/http.md).
        const refusal = (reason: string, settlement: SettleResponse, message?: string): HttpResponse => {
          const header = responseHeader(x402Version, settlement);
          if (x402Version === 1) {
            const required = paymentRequired(route, request, reason);
            return { ...required, headers: { ...required.headers, ...header } };
          }
          return message
            ? failure(402, reason, message, header)
            : { status: 402, headers: { ...header, ...json }, body: "{}" };
        };
        let settlement: SettleResponse;
        try {
          settlement = await facilitator.settle(withDeliveryToken(settleRequest, deliveryToken));
        } catch (error) {
          // The request may have reached the facilitator, which may have settled.
          lostTrack();
          release(false);
          return { type: "respond", response: facilitatorFailure(error) };
        }
        if (!settlement.success && settlement.errorReason === "settlement_pending") lostTrack();
        else unsettled.delete(key);
        // A duplicate of a delivered payment: x402kit's facilitator refuses it (`duplicate_settlement`); an older
        // one answered a marked success. Either way, no second delivery.
        if (isReplayedSettlement(settlement)) {
          release(false);
          const refused: SettleResponse = {
            success: false,
            errorReason: "duplicate_settlement",
            transaction: settlement.transaction,
            network: settlement.network,
            ...(settlement.payer ? { payer: settlement.payer } : {}),
          };
          return {
            type: "respond",
            response: refusal("duplicate_settlement", refused, "This payment was already used."),
          };
        }
        if (!settlement.success) {
          release(false);
          return {
            type: "respond",
            response: refusal(settlement.errorReason ?? "unexpected_settle_error", settlement),
          };
        }
        release(true);
        return { type: "deliver", headers: responseHeader(x402Version, settlement), settlement };
      },
    };
    return { type: "paid", payment };
  }

  return {
    initialize,
    processRequest,
    requirementsFor: (routeKey) => compiled.find((entry) => entry.pattern === routeKey)?.route.requirements,
  };
}

/** A payment whose settlement outcome the server does not know, kept until its authorization has surely expired. */
type Unsettled = {
  until: number;
  verification: VerifyResponse;
  /** The facilitator that was settling it: it holds the record of what happened. */
  facilitator: FacilitatorLike;
  /** The delivery token it was settled with: the facilitator answers it first-hand (`withDeliveryToken`). */
  deliveryToken: string;
};

/** 128 random bits, hex. */
function randomDeliveryToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** v1 names networks (spec v1 §5.1.2); a CAIP-2 id there has no v1 form to verify with, so it matches nothing. */
function requirementsFromV1Network(offered: string, v1Network: string): boolean {
  return v1NetworkToCaip2(v1Network) === offered;
}
