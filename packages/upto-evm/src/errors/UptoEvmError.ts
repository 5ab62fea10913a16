import { X402Error } from "@x402kit/core";

export type UptoEvmErrorCode =
  /** The network is not an EVM (`eip155:<id>`) network. */
  | "invalid_network"
  /** The requirements cannot be paid with upto (bad address or amount, no facilitator address in `extra`). */
  | "invalid_payment_requirements"
  /** The payload is not an upto Permit2 payload. */
  | "invalid_payload"
  /** scheme_upto_evm.md §4: the reported amount is above the authorised maximum. */
  | "invalid_upto_evm_payload_settlement_exceeds_amount"
  /** The scheme's own configuration is wrong (detected at start-up or when a route is built). */
  | "invalid_config";

/** Thrown by the client and server sides of the upto EVM scheme. `code` is the spec's reason code where one exists. */
export class UptoEvmError extends X402Error<UptoEvmErrorCode> {
  override name = "UptoEvmError";
}
