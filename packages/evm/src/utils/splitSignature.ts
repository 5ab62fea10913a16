import { type Hex, hexToNumber, size, slice } from "viem";

export type SplitSignatureReturnType = {
  r: Hex;
  s: Hex;
  /** 27 or 28, as the EIP-3009 `(v,r,s)` overload expects. */
  v: 27 | 28;
};

/**
 * Splits a 65-byte `r ‖ s ‖ v` ECDSA signature. Accepts `v` as 0/1 or 27/28 and normalises it to 27/28.
 * Returns undefined for anything else (other lengths, other `v`), which cannot be an EOA's signature.
 */
export function splitSignature(signature: Hex): SplitSignatureReturnType | undefined {
  if (size(signature) !== 65) return undefined;
  const v = hexToNumber(slice(signature, 64, 65));
  const normalised = v < 27 ? v + 27 : v;
  if (normalised !== 27 && normalised !== 28) return undefined;
  return { r: slice(signature, 0, 32), s: slice(signature, 32, 64), v: normalised };
}
