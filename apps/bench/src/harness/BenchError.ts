import { X402Error } from "@x402kit/core";

export type BenchErrorCode =
  | "invalid_arguments"
  | "facilitator_start_failed"
  | "facilitator_exited"
  | "unexpected_response"
  | "unknown_implementation";

/** Something the benchmark itself could not do (bad arguments, a peer that would not start). */
export class BenchError extends X402Error<BenchErrorCode> {
  override name = "BenchError";
}
