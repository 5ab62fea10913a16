import type { FacilitatorRequest, SettleResponse, SupportedResponse, VerifyResponse } from "@x402kit/types";

/**
 * What a resource server needs of a facilitator (spec v2 §7): the HTTP client below and an in-process
 * facilitator from `@x402kit/facilitator` both fit.
 */
export interface FacilitatorLike {
  verify(request: FacilitatorRequest): Promise<VerifyResponse>;
  settle(request: FacilitatorRequest): Promise<SettleResponse>;
  supported(): Promise<SupportedResponse>;
}
