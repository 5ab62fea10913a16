import type {
  Extensions,
  PaymentPayload,
  PaymentRequirements,
  SettleResponse,
  VerifyResponse,
} from "@x402kit/types";
import type { Price } from "../pricing/parsePrice.js";

/** One way to pay for a route. */
export type PaymentOption = {
  scheme: string;
  /** CAIP-2, e.g. `eip155:8453`. */
  network: string;
  price: Price;
  payTo: string;
  /** Default 60. */
  maxTimeoutSeconds?: number | undefined;
  /** Merged into the requirement's `extra`. */
  extra?: Record<string, unknown> | undefined;
};

export type RouteConfig = {
  /** One or several ways to pay; the client picks one. */
  accepts: PaymentOption | PaymentOption[];
  description?: string | undefined;
  mimeType?: string | undefined;
  /** The resource URL to advertise; default: the request's URL. */
  resource?: string | undefined;
  extensions?: Extensions | undefined;
};

/** Route keys look like `"GET /weather"`, `"/premium/*"` or `"POST /items/:id"`. */
export type RoutesConfig = Record<string, RouteConfig>;

/** The plain request that an adapter hands to the engine. */
export type HttpRequest = {
  method: string;
  /** The absolute URL (used as `resource.url`) or at least the path with its query. */
  url: string;
  /** Case-insensitive header lookup. */
  header(name: string): string | undefined;
};

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

export type VerifiedPayment = {
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
  /**
   * Settles after the handler ran: only when its status is below 400 (spec v2 §6, the server settles for delivered
   * content). Call exactly once.
   */
  settle(result: HandlerResult): Promise<SettleOutcome>;
};

export type ProcessRequestResult =
  /** Not a paid route: run the handler as usual. */
  | { type: "pass" }
  /** Answer with this (402, 400, 431 or 5xx) and do not run the handler. */
  | { type: "respond"; response: HttpResponse }
  /** Payment verified: run the handler, hold its response, then call `payment.settle`. */
  | { type: "paid"; payment: VerifiedPayment };
