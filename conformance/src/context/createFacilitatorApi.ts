import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { type HttpResult, httpRequest } from "./httpRequest.js";

/** The body of `POST /verify` and `POST /settle` (spec v2 §7.1). */
export type FacilitatorRequestBody = {
  x402Version: number;
  paymentPayload: unknown;
  paymentRequirements: unknown;
};

/** Raw access to a facilitator's HTTP API: every call returns the status and the parsed body, nothing is judged. */
export type FacilitatorApi = {
  url: string;
  verify: (body: FacilitatorRequestBody | unknown) => Promise<HttpResult>;
  settle: (body: FacilitatorRequestBody | unknown) => Promise<HttpResult>;
  supported: () => Promise<HttpResult>;
  /** Posts a raw body (for malformed-input cases). */
  post: (path: string, body: string, contentType?: string) => Promise<HttpResult>;
  /** `{x402Version, paymentPayload, paymentRequirements}` for a payload and the requirements it is checked against. */
  body: (
    payload: PaymentPayload | unknown,
    requirements: PaymentRequirements | unknown,
    x402Version?: number,
  ) => FacilitatorRequestBody;
};

export function createFacilitatorApi(url: string): FacilitatorApi {
  const base = url.replace(/\/+$/, "");
  const post = (path: string, body: string, contentType = "application/json") =>
    httpRequest(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": contentType },
      body,
      timeoutMs: 60_000,
    });
  return {
    url: base,
    verify: (body) => post("/verify", JSON.stringify(body)),
    settle: (body) => post("/settle", JSON.stringify(body)),
    supported: () => httpRequest(`${base}/supported`),
    post,
    body: (paymentPayload, paymentRequirements, x402Version = 2) => ({
      x402Version,
      paymentPayload,
      paymentRequirements,
    }),
  };
}
