import { X402Error } from "@x402kit/core";

export type ExactSvmErrorCode =
  /** The network is not a Solana (`solana:<genesis>`) network, or not one this side serves. */
  | "invalid_network"
  /** The requirements cannot be paid with this scheme (no fee payer, a bad address, an unknown token program). */
  | "invalid_payment_requirements"
  /** The scheme's own configuration is wrong (detected at start-up or when a route is built). */
  | "invalid_config"
  /** The RPC node could not be asked (the client's mint or blockhash lookup). */
  | "rpc_failed";

/** Thrown by the client and server sides of the exact SVM scheme. `code` is the spec's reason code where one exists. */
export class ExactSvmError extends X402Error<ExactSvmErrorCode> {
  override name = "ExactSvmError";
}
