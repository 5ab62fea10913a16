import { invert, mod } from "@noble/curves/abstract/modular";
import { secp256k1 } from "@noble/curves/secp256k1";
import type { Address, Hex } from "viem";
import { keccak256 } from "../keccak/keccak256.js";
import { nativeSecp256k1 } from "./nativeSecp256k1.js";
import { recoverDigestPublicKey } from "./recoverDigestAddress.js";
import type { Secp256k1Backend } from "./secp256k1Backend.js";

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;

export type VerifyDigestSignatureParameters = {
  /** 32 bytes. */
  digest: Hex;
  /** 65 bytes, `r ‖ s ‖ v`. */
  signature: Hex;
  signer: Address;
  /** Default: `native` when the optional peer `secp256k1` loads, else `js`. */
  backend?: Secp256k1Backend | undefined;
};

export type VerifyDigestSignatureReturnType = boolean;

const { n } = secp256k1.CURVE;
const halfN = n >> 1n;
const Point = secp256k1.ProjectivePoint;
/** noble only: public keys of signers seen before, with precomputed multiplication tables (verify, don't recover). */
const keys = new Map<string, Point>();
/** A key's window-4 tables hold ~520 points (~100 kB), so the cache stays near 100 MB at most. */
const maxKeys = 1_000;
/**
 * native only: the uncompressed public key of signers seen before (65 bytes each). A recovered key equal to the
 * signer's known one is that signer's, without hashing it to an address again (one keccak less per voucher).
 */
const nativeKeys = new Map<string, Uint8Array>();
const maxNativeKeys = 10_000;
const digestPattern = /^0x[0-9a-fA-F]{64}$/;
const signaturePattern = /^0x[0-9a-fA-F]{130}$/;

/**
 * Whether `signature` is `signer`'s ECDSA signature of `digest`, exactly as `ECDSA.tryRecover` judges it (the rules of
 * `recoverDigestAddress`: 65 bytes, `v` 27 or 28, low `s`, and the point `ecrecover` returns is `signer`'s).
 * With libsecp256k1 installed, a recovery (~60 µs). With noble, the first signature of a signer is recovered; after
 * that its public key is kept with precomputed tables and a signature is verified against it (about three times
 * faster than noble's recovery), with `R`'s parity and `x` checked against `v` and `r`, so that the answer is the
 * one `ecrecover` gives.
 */
export function verifyDigestSignature({
  digest,
  signature,
  signer,
  backend,
}: VerifyDigestSignatureParameters): VerifyDigestSignatureReturnType {
  if (!digestPattern.test(digest) || !signaturePattern.test(signature)) return false;
  const native = backend === "js" ? undefined : nativeSecp256k1();
  if (backend === "native" && !native) throw new Error("The native secp256k1 backend is not installed.");
  const key = signer.toLowerCase();
  if (native) {
    const publicKey = recoverDigestPublicKey({ digest, signature, backend: "native" });
    if (publicKey === undefined) return false;
    const known = nativeKeys.get(key);
    if (known && sameBytes(known, publicKey)) return true;
    if (`0x${keccak256(publicKey.subarray(1)).slice(-40)}` !== key) return false;
    if (nativeKeys.size >= maxNativeKeys) nativeKeys.delete(nativeKeys.keys().next().value!);
    nativeKeys.set(key, publicKey);
    return true;
  }
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (r === 0n || r >= n || s === 0n || s > halfN || (v !== 27 && v !== 28)) return false;
  const known = keys.get(key);
  if (!known) return recoverAndRemember(digest, signature, key);

  const sInverse = invert(s, n);
  const u1 = mod(BigInt(digest) * sInverse, n);
  const u2 = mod(r * sInverse, n);
  // R = u1·G + u2·Q; ecrecover rebuilds R from (r, v), so R.x must be r itself and R.y's parity v − 27. (`multiply`
  // uses both points' precomputed tables; noble 1.9's `multiplyUnsafe` gives wrong results on a precomputed point.)
  const R = (u1 === 0n ? Point.ZERO : Point.BASE.multiply(u1)).add(known.multiply(u2));
  if (R.equals(Point.ZERO)) return false;
  const affine = R.toAffine();
  return affine.x === r && Number(affine.y & 1n) === v - 27;
}

function recoverAndRemember(digest: Hex, signature: Hex, key: string): boolean {
  const publicKey = recoverDigestPublicKey({ digest, signature, backend: "js" });
  if (!publicKey || `0x${keccak256(publicKey.subarray(1)).slice(-40)}` !== key) return false;
  const point = Point.fromHex(publicKey);
  if (keys.size >= maxKeys) keys.delete(keys.keys().next().value!);
  secp256k1.utils.precompute(4, point);
  keys.set(key, point);
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
