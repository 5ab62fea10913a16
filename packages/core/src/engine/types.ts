import type {
  Extensions,
  PaymentPayload,
  PaymentPayloadV1,
  PaymentRequired,
  PaymentRequirements,
  ResourceInfo,
  SettleResponse,
  VerifyResponse,
} from "@x402kit/types";
import type { Price } from "../pricing/parsePrice.js";

/**
 * A value fixed in the configuration, or computed for each request from its `PaymentContext` (the HTTP request, the
 * MCP tool call's arguments). The engine computes it when it quotes (the 402) and again when it checks a payment.
 */
export type Dynamic<value> = value | ((context: PaymentContext) => value | Promise<value>);

/** One way to pay for a resource. */
export type PaymentOption = {
  scheme: string;
  /** CAIP-2, e.g. `eip155:8453`. */
  network: string;
  /** A fixed price, or a function of the request (storage priced by size, an API priced by query). */
  price: Dynamic<Price>;
  /** A fixed recipient, or a function of the request (a marketplace paying each seller). */
  payTo: Dynamic<string>;
  /** Default 60. */
  maxTimeoutSeconds?: number | undefined;
  /** Merged into the requirement's `extra`. */
  extra?: Record<string, unknown> | undefined;
};

/** A priced resource: an HTTP route, an MCP tool. */
export type ResourceConfig = {
  /** One or several ways to pay; the client picks one. */
  accepts: PaymentOption | PaymentOption[];
  description?: string | undefined;
  mimeType?: string | undefined;
  /** The resource URL to advertise; default: the context's `url` (the request's URL, `mcp://tool/<name>`). */
  resource?: string | undefined;
  /** Extensions for the PaymentRequired; a function of the request for per-request ones (a sign-in challenge). */
  extensions?: Dynamic<Extensions> | undefined;
};

/** The plain request that an HTTP adapter hands to the engine. */
export type HttpRequest = {
  method: string;
  /** The absolute URL (used as `resource.url`) or at least the path with its query. */
  url: string;
  /** Case-insensitive header lookup. */
  header(name: string): string | undefined;
};

type ContextBase = {
  /** The resource's key in the engine: the route pattern that matched, the tool's name. */
  resource: string;
  /** The URL to advertise in `resource.url` unless the resource's config sets one. */
  url: string;
};

/**
 * What a transport knows about the request being paid for, handed to every engine call. The engine's hooks and
 * dynamic prices (issue 14) receive it, so they work the same for every transport.
 */
export type PaymentContext =
  | (ContextBase & { transport: "http"; request: HttpRequest })
  | (ContextBase & {
      transport: "mcp";
      /** The `tools/call` request: the tool's name and arguments (transports-v2/mcp.md). */
      tool: { name: string; arguments: Record<string, unknown> | undefined };
      /** The request's `_meta` (a sign-in proof travels there: `_meta["x402/sign-in-with-x"]`). */
      meta?: Record<string, unknown> | undefined;
    });

/** A payment as the transport decoded it: v2 (every transport), or v1 (`X-PAYMENT` on HTTP). */
export type PaymentInput =
  | { x402Version: 2; payload: PaymentPayload }
  | { x402Version: 1; payload: PaymentPayloadV1 };

/** Ask for payment: none was given, or the given one cannot be used. Nothing was verified or settled. */
export type PaymentRequiredOutcome = {
  type: "payment-required";
  /** A reason code: `payment_required` when no payment came, else what was wrong with it. */
  reason: string;
  message?: string | undefined;
  /** The HTTP status that fits: 402; 400 or 431 for a malformed payment, 412 for a missing Permit2 allowance. */
  status: number;
  /** The PaymentRequired to send (spec v2 §5.1), with `error` set to the reason. */
  paymentRequired: PaymentRequired;
};

/**
 * The payment could not be processed (the facilitator is down, hung, or answered nonsense), or a hook denied the
 * request. Nothing settled.
 */
export type RefusedOutcome = {
  type: "refused";
  reason: string;
  message: string;
  /** 502 (unreachable or bad answer), 504 (timeout), 500 (anything else); a hook's denial: its status (403). */
  status: number;
};

export type EngineOutcome =
  | PaymentRequiredOutcome
  | RefusedOutcome
  /** Payment verified: run the handler or tool, hold its result, then call `payment.settle`. */
  | { type: "paid"; payment: EnginePayment }
  /** A `beforeRequest` hook granted access without payment: run the handler or tool, and nothing is settled. */
  | { type: "granted" }
  /**
   * A payment operation that the engine settled at once, without the handler or tool (a stateful scheme's
   * cooperative refund): answer with `settlement` (delivered, with its `PAYMENT-RESPONSE`; or refused).
   */
  | { type: "settled"; x402Version: 1 | 2; settlement: EngineSettlement };

export type EngineSettlement =
  /**
   * Deliver the held result, with `settlement` (transports put it in `PAYMENT-RESPONSE`, `_meta`). Undefined when
   * the handler or tool failed: nothing was settled and its own (error) result goes out.
   */
  | { type: "deliver"; settlement: SettleResponse | undefined }
  /**
   * Do not deliver the held result. A payment failure (status 402) carries the `settlement` to report and the
   * PaymentRequired to ask again with; a processing failure (5xx) carries neither.
   */
  | {
      type: "refused";
      reason: string;
      message?: string | undefined;
      status: number;
      settlement?: SettleResponse | undefined;
      paymentRequired?: PaymentRequired | undefined;
    };

/** What every transport's verified payment offers before it settles. */
export type VerifiedPaymentBase = {
  readonly x402Version: 1 | 2;
  /** The payload in v2 form. */
  readonly payload: PaymentPayload;
  /** The offered requirements that the payment matched. */
  readonly requirements: PaymentRequirements;
  readonly verification: VerifyResponse;
  readonly payer: string | undefined;
  /**
   * For variable-amount schemes (`upto`): the amount, in atomic units, that this request actually used. Settlement
   * charges it; more than the maximum is refused.
   */
  setSettlementAmount(amount: bigint | number | string): void;
};

/** A verified payment in the engine, before its handler or tool has run. */
export type EnginePayment = VerifiedPaymentBase & {
  readonly resource: ResourceInfo;
  /**
   * Settles after the handler or tool ran, only when it did not fail (spec v2 §6: the server settles for delivered
   * content). Call exactly once; a failed run releases the payment unsettled.
   */
  settle(result: { failed: boolean }): Promise<EngineSettlement>;
};

/** What a `beforeRequest` hook decides: grant access without payment, deny the request, or (nothing) go on. */
export type BeforeRequestDecision =
  | { type: "grant" }
  | {
      type: "deny";
      /** Default 403. */
      status?: number | undefined;
      /** Default `access_denied`. */
      reason?: string | undefined;
      message?: string | undefined;
    };

/** A hook's denial of a verified payment: the payment is released unsettled, nothing is delivered. */
export type AfterVerifyDecision = Extract<BeforeRequestDecision, { type: "deny" }>;

/** A verified payment as the hooks see it (no `settle`: the engine settles). */
export type HookPayment = Omit<EnginePayment, "settle">;

/**
 * Hooks in the engine, run the same way for every transport (HTTP adapters, MCP). They decide before payment and
 * observe after it; none can deliver content for a payment whose settlement was not confirmed: `afterVerify` may
 * only deny, and what `afterSettle` and `onSettlementFailure` return or throw changes nothing.
 */
export type PaymentHooks = {
  /**
   * Before a protected request, before any payment is looked at: grant it without payment (an API key, a
   * sign-in-with-x entitlement), deny it (a 4xx with a reason), or return nothing to go on to payment. A payment
   * sent with a granted request is neither verified nor settled. Throwing refuses the request (500).
   */
  beforeRequest?(parameters: {
    context: PaymentContext;
    payment: PaymentInput | undefined;
  }): BeforeRequestDecision | undefined | Promise<BeforeRequestDecision | undefined>;
  /**
   * After the facilitator verified a payment, before the handler runs: deny releases it unsettled (the payer keeps
   * the money). Not run again for a payment whose lost settlement is resumed. Throwing refuses it (500).
   */
  afterVerify?(parameters: {
    context: PaymentContext;
    payment: HookPayment;
  }): AfterVerifyDecision | undefined | Promise<AfterVerifyDecision | undefined>;
  /** After a confirmed settlement, before the content goes out. Its errors are ignored: the payment is taken. */
  afterSettle?(parameters: {
    context: PaymentContext;
    payment: HookPayment;
    settlement: SettleResponse;
  }): void | Promise<void>;
  /** After a refused or failed settlement (nothing is delivered). Its errors are ignored. */
  onSettlementFailure?(parameters: {
    context: PaymentContext;
    payment: HookPayment;
    reason: string;
    message?: string | undefined;
    settlement?: SettleResponse | undefined;
  }): void | Promise<void>;
  /**
   * The facilitator could not be reached, timed out, refused the server's credentials or answered something that is
   * not x402, at verify (the payer gets a 5xx, nothing was taken) or at settle (the outcome is unknown: the payment
   * stays redeemable). Observes only; its errors are ignored. At settle, `onSettlementFailure` runs as well.
   */
  onFacilitatorFailure?(parameters: FacilitatorFailure): void | Promise<void>;
};

/** What `onFacilitatorFailure` is told. */
export type FacilitatorFailure = {
  context: PaymentContext;
  operation: "verify" | "settle";
  /** A `FacilitatorError` code (`facilitator_unavailable`, `facilitator_timeout`, ...) or `unexpected_error`. */
  reason: string;
  message: string;
  /** The HTTP status that the facilitator answered with, when it answered. */
  facilitatorStatus?: number | undefined;
  /** The requirements that the payment was for. */
  requirements: PaymentRequirements;
  /** The payer, when known (after verify). */
  payer?: string | undefined;
};

/**
 * Where a server reports what happens to payments (issue 18, "sellers can see"): console and pino fit as they are.
 * Each call is `(fields, message)`, pino's order; fields always carry `event` (`x402.settled`,
 * `x402.settlement_failed`, `x402.facilitator_failed`).
 */
export type PaymentLogger = {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};
