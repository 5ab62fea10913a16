import { type Hex, numberToHex, pad } from "viem";

export type EncodeAbiWordParameters = bigint | number | Hex;

export type EncodeAbiWordReturnType = Hex;

/** viem's errors for a number out of `uint256`'s range or a value longer than 32 bytes. */
export type EncodeAbiWordErrorType = Error;

/**
 * One 32-byte ABI word of a static value (Solidity ABI spec, "Formal Specification of the Encoding"): an unsigned
 * integer (number or bigint), or an address or `bytes32` given as hex, left-padded (a `bytes32` is 32 bytes already).
 * For the few fixed layouts that x402kit encodes per payment (the EIP-712 struct of `TransferWithAuthorization`, its
 * calldata, a batch of them), where viem's generic encoder was a large part of the CPU (issue 16). A number out of
 * range, or hex longer than 32 bytes, throws viem's error.
 */
export function encodeAbiWord(value: EncodeAbiWordParameters): EncodeAbiWordReturnType {
  return typeof value === "string"
    ? pad(value.toLowerCase() as Hex, { size: 32 })
    : numberToHex(value, { size: 32 });
}
