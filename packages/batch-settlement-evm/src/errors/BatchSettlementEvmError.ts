import { X402Error } from "@x402kit/core";

export type BatchSettlementEvmErrorCode =
  /** The scheme's own configuration is wrong (detected at start-up or when a route is built). */
  | "invalid_config"
  /** The requirements cannot be paid with batch-settlement (no receiver authorizer, no token domain). */
  | "invalid_payment_requirements"
  /** A channel operation was refused (a refund the server would not make, a claim the facilitator refused). */
  | "channel_operation_failed";

/** Thrown by the client and server sides of batch-settlement on EVM, and by the channel manager. */
export class BatchSettlementEvmError extends X402Error<BatchSettlementEvmErrorCode> {
  override name = "BatchSettlementEvmError";
}
