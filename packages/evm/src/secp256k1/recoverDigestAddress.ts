import { secp256k1 } from "@noble/curves/secp256k1";
import { type Address, checksumAddress, type Hex } from "viem";
import { keccak256 } from "../keccak/keccak256.js";
import { nativeSecp256k1 } from "./nativeSecp256k1.js";
import type { Secp256k1Backend } from "./secp256k1Backend.js";

export type RecoverDigestAddressParameters = {
  /** 32 bytes. */
  digest: Hex;
  /** 65 bytes, `r ‖ s ‖ v`. */
  signature: Hex;
  /** Default: `native` when the optional peer `secp256k1` loads, else `js`. */
  backend?: Secp256k1Backend | undefined;
};

/** The signer's checksummed address, or undefined when the signature is refused. */
export type RecoverDigestAddressReturnType = Address | undefined;

const { n } = secp256k1.CURVE;
const halfN = n >> 1n;
const digestPattern = /^0x[0-9a-fA-F]{64}$/;
const signaturePattern = /^0x[0-9a-fA-F]{130}$/;

/**
 * The address whose key signed `digest`, judged as the escrow's and the tokens' `ECDSA.tryRecover` judge it:
 * 65 bytes, `v` 27 or 28, `0 < r < n`, `0 < s <= n/2` (no malleable twin), and a point that exists. Anything else is
 * undefined, never an error. libsecp256k1 when it is installed (about thirty times faster than noble), noble
 * otherwise; the two give the same answers.
 */
export function recoverDigestAddress(
  parameters: RecoverDigestAddressParameters,
): RecoverDigestAddressReturnType {
  const key = recoverDigestPublicKey(parameters);
  return key && checksumAddress(`0x${keccak256(key.subarray(1)).slice(-40)}`);
}

/**
 * The uncompressed public key (65 bytes, 0x04 first) that `recoverDigestAddress` derives its address
 * from, or undefined when the signature is refused.
 */
export function recoverDigestPublicKey({
  digest,
  signature,
  backend,
}: RecoverDigestAddressParameters): Uint8Array | undefined {
  if (!digestPattern.test(digest) || !signaturePattern.test(signature)) return undefined;
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (r === 0n || r >= n || s === 0n || s > halfN || (v !== 27 && v !== 28)) return undefined;
  const native = backend === "js" ? undefined : nativeSecp256k1();
  if (backend === "native" && !native) throw new Error("The native secp256k1 backend is not installed.");
  try {
    if (native)
      return native.ecdsaRecover(
        Buffer.from(signature.slice(2, 130), "hex"),
        v - 27,
        Buffer.from(digest.slice(2), "hex"),
        false,
      );
    return new secp256k1.Signature(r, s)
      .addRecoveryBit(v - 27)
      .recoverPublicKey(digest.slice(2))
      .toRawBytes(false);
  } catch {
    return undefined;
  }
}
