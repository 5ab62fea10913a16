import type { SettleResponse } from "@x402kit/types";
import type { ResourceConfig, VerifiedPaymentBase } from "../engine/types.js";

export type { HttpRequest, PaymentOption } from "../engine/types.js";

/** A priced route: a resource of the engine, keyed by its route pattern. */
export type RouteConfig = ResourceConfig;

/** Route keys look like `"GET /weather"`, `"/premium/*"` or `"POST /items/:id"`. */
export type RoutesConfig = Record<string, RouteConfig>;

/** The plain response that an adapter writes. */
export type HttpResponse = {
  status: number;
  headers: Record<string, string>;
  body: string;
};

/** What the handler did, as far as settlement cares. */
export type HandlerResult = { status: number };

export type SettleOutcome =
  /** Send the held response, with these headers added (`PAYMENT-RESPONSE` on a settled payment). */
  | { type: "deliver"; headers: Record<string, string>; settlement: SettleResponse | undefined }
  /** Discard the held response and send this one instead (settlement failed: 402, or 5xx). */
  | { type: "respond"; response: HttpResponse };

/** A verified payment on the HTTP transport. */
export type VerifiedPayment = VerifiedPaymentBase & {
  /**
   * Settles after the handler ran: only when its status is below 400 (spec v2 §6, the server settles for delivered
   * content). Call exactly once.
   */
  settle(result: HandlerResult): Promise<SettleOutcome>;
};

export type ProcessRequestResult =
  /** Not a paid route, or a `beforeRequest` hook granted access: run the handler as usual. */
  | { type: "pass" }
  /** Answer with this (402, 400, 431 or 5xx) and do not run the handler. */
  | { type: "respond"; response: HttpResponse }
  /** Payment verified: run the handler, hold its response, then call `payment.settle`. */
  | { type: "paid"; payment: VerifiedPayment };
