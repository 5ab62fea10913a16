import type { Eip3009Authorization } from "@x402kit/types";
import { type Address, getAddress, type Hex } from "viem";

/** An EIP-3009 authorization with its numbers as bigints and its addresses checksummed, ready for viem. */
export type Eip3009AuthorizationValues = {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

/** Converts a wire authorization (decimal strings, already schema-checked) to the values that viem signs and sends. */
export function parseEip3009Authorization(authorization: Eip3009Authorization): Eip3009AuthorizationValues {
  return {
    from: getAddress(authorization.from),
    to: getAddress(authorization.to),
    value: BigInt(authorization.value),
    validAfter: BigInt(authorization.validAfter),
    validBefore: BigInt(authorization.validBefore),
    nonce: authorization.nonce.toLowerCase() as Hex,
  };
}
