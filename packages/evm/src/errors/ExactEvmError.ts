import { X402Error } from "@x402kit/core";

export type ExactEvmErrorCode =
  /** The network is not an EVM (`eip155:<id>`) network, or not one this side serves. */
  | "invalid_network"
  /** The requirements cannot be paid with this scheme (no EIP-712 domain, bad address, unsupported method). */
  | "invalid_payment_requirements"
  /** The scheme's own configuration is wrong (detected at start-up or when a route is built). */
  | "invalid_config";

/** Thrown by the client and server sides of the exact EVM scheme. `code` is the spec's reason code where one exists. */
export class ExactEvmError extends X402Error<ExactEvmErrorCode> {
  override name = "ExactEvmError";
}
