import type { FacilitatorLike } from "@x402kit/core";
import type { FacilitatorRequest } from "@x402kit/types";

export type FacilitatorCall = { operation: "verify" | "settle"; request: FacilitatorRequest };

export type RecordFacilitatorCallsReturnType = FacilitatorLike & {
  /** Every verify and settle sent through this facilitator, in order. */
  calls: FacilitatorCall[];
  /** The calls from index `from` on, as `"verify v2"`, `"settle v1"`, ... */
  describeCalls(from: number): string[];
};

/** Wraps a facilitator (an HTTP client, usually) and records what a resource server asks of it. */
export function recordFacilitatorCalls(facilitator: FacilitatorLike): RecordFacilitatorCallsReturnType {
  const calls: FacilitatorCall[] = [];
  return {
    calls,
    describeCalls: (from) =>
      calls.slice(from).map(({ operation, request }) => `${operation} v${request.x402Version}`),
    verify: (request) => {
      calls.push({ operation: "verify", request });
      return facilitator.verify(request);
    },
    settle: (request) => {
      calls.push({ operation: "settle", request });
      return facilitator.settle(request);
    },
    supported: () => facilitator.supported(),
  };
}
