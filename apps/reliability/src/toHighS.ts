import { concat, type Hex, hexToBigInt, numberToHex, size, slice, toHex } from "viem";

/** The order of secp256k1. */
const secp256k1n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * The malleable twin of a 65-byte ECDSA signature: `s' = n - s` with the other `v`. ecrecover gives the same
 * signer for it; EIP-2, OpenZeppelin's ECDSA and USDC refuse it.
 */
export function toHighS(signature: Hex): Hex {
  if (size(signature) !== 65) throw new RangeError("toHighS takes a 65-byte signature.");
  const r = slice(signature, 0, 32);
  const s = hexToBigInt(slice(signature, 32, 64));
  const v = Number(hexToBigInt(slice(signature, 64, 65)));
  const flipped = v === 27 || v === 0 ? v + 1 : v - 1;
  return concat([r, numberToHex(secp256k1n - s, { size: 32 }), toHex(flipped, { size: 1 })]);
}
