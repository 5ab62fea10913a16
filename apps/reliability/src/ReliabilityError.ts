import { X402Error } from "@x402kit/core";

export type ReliabilityErrorCode =
  /** A setup step answered something unexpected (no 402, no log line, a child that did not start). */
  | "unexpected_response"
  /** A child process did not start or exited early. */
  | "process_failed"
  /** A waited-for condition did not happen in time. */
  | "timeout"
  /** The soak's totals do not reconcile. */
  | "not_reconciled"
  /** A fuzz property found a counterexample. */
  | "property_failed";

/** The battery's own failures (not the system under test's): a setup that went wrong, a soak that did not add up. */
export class ReliabilityError extends X402Error<ReliabilityErrorCode> {
  override name = "ReliabilityError";
}
