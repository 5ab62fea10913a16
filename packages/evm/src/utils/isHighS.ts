import { type Hex, hexToBigInt } from "viem";

/** The order of secp256k1. */
const secp256k1n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Whether `s` lies in the upper half of the curve order: the malleable twin of a valid signature, which
 * EIP-2 and OpenZeppelin's ECDSA (and USDC) refuse.
 */
export function isHighS(s: Hex | bigint): boolean {
  const value = typeof s === "bigint" ? s : hexToBigInt(s);
  return value > secp256k1n / 2n;
}
