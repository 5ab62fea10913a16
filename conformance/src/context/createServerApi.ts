import {
  decodePaymentRequiredHeader,
  encodePaymentSignatureHeader,
  headerNames,
  type PaymentPayload,
  type PaymentRequired,
  type PaymentRequirements,
} from "@x402kit/types";
import type { Address, LocalAccount } from "viem";
import { ConformanceError } from "../errors/ConformanceError.js";
import { CaseFailure } from "./CaseOutcome.js";
import { show } from "./createExpect.js";
import { type HttpResult, httpRequest } from "./httpRequest.js";
import type { SignExactPaymentParameters } from "./signExactPayment.js";

/** The routes that a resource server under test exposes (README: "Route contract"). */
export const serverRoutes = {
  /** Costs PRICE; the handler answers 200 with a body containing `contentMarker`. */
  paid: "/paid",
  /** Costs PRICE_EXPENSIVE; same handler. */
  expensive: "/expensive",
  /** Costs PRICE; the handler fails with HTTP 500. */
  error: "/error",
} as const;

/** The string every paid handler returns, so that the suite can tell whether content was delivered. */
export const contentMarker = "x402-conformance-content";

export type ServerApi = {
  url: string;
  routes: typeof serverRoutes;
  price: string;
  expensivePrice: string;
  payTo: Address;
  contentMarker: string;
  get: (path: string, headers?: Record<string, string>) => Promise<HttpResult>;
  /** Requests `path` without payment and decodes its `PAYMENT-REQUIRED` (fails the case when there is none). */
  paymentRequired: (
    path: string,
  ) => Promise<{ result: HttpResult; header: string; paymentRequired: PaymentRequired }>;
  /** Signs a payment for the first requirement that `path` offers (overrides as in `signExactPayment`). */
  signFor: (
    path: string,
    buyer: LocalAccount,
    overrides?: SignExactPaymentParameters["overrides"],
  ) => Promise<{ payload: PaymentPayload; requirements: PaymentRequirements }>;
  /** Sends `payload` to `path` in `PAYMENT-SIGNATURE`. */
  pay: (path: string, payload: PaymentPayload) => Promise<HttpResult>;
  /** Whether a response body carries the paid content. */
  delivered: (result: HttpResult) => boolean;
};

export type CreateServerApiParameters = {
  url: string;
  price: string;
  expensivePrice: string;
  /** PAY_TO on the EVM chain; absent in a Solana run, whose PAY_TO is a Solana address (`SvmServerApi`). */
  payTo: Address | undefined;
  signExactPayment: (parameters: SignExactPaymentParameters) => Promise<PaymentPayload>;
};

export function createServerApi(parameters: CreateServerApiParameters): ServerApi {
  const base = parameters.url.replace(/\/+$/, "");
  const get = (path: string, headers?: Record<string, string>) =>
    httpRequest(`${base}${path}`, { ...(headers ? { headers } : {}), timeoutMs: 60_000 });
  const paymentRequired: ServerApi["paymentRequired"] = async (path) => {
    const result = await get(path);
    if (result.status !== 402)
      throw new CaseFailure(`GET ${path} without payment: expected 402, got ${result.status}`);
    const header = result.headers.get(headerNames.paymentRequired);
    if (!header) throw new CaseFailure(`GET ${path}: the 402 has no ${headerNames.paymentRequired} header`);
    try {
      return { result, header, paymentRequired: decodePaymentRequiredHeader(header) };
    } catch (error) {
      throw new CaseFailure(
        `GET ${path}: ${headerNames.paymentRequired} does not decode: ${error instanceof Error ? error.message : show(error)}`,
      );
    }
  };
  return {
    url: base,
    routes: serverRoutes,
    price: parameters.price,
    expensivePrice: parameters.expensivePrice,
    get payTo(): Address {
      if (parameters.payTo === undefined)
        throw new ConformanceError(
          "usage",
          "a Solana run's PAY_TO is a Solana address: use context.solana.payTo",
        );
      return parameters.payTo;
    },
    contentMarker,
    get,
    paymentRequired,
    signFor: async (path, buyer, overrides) => {
      const { paymentRequired: required } = await paymentRequired(path);
      const requirements = required.accepts.find((r) => r.scheme === "exact");
      if (!requirements)
        throw new CaseFailure(`GET ${path}: no "exact" requirement in ${show(required.accepts)}`);
      const payload = await parameters.signExactPayment({
        buyer,
        requirements,
        overrides: { resourceUrl: required.resource.url, ...overrides },
      });
      return { payload, requirements };
    },
    pay: (path, payload) =>
      get(path, { [headerNames.paymentSignature]: encodePaymentSignatureHeader(payload) }),
    delivered: (result) => result.text.includes(contentMarker),
  };
}
