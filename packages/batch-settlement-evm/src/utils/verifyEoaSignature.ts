import { invert, mod } from "@noble/curves/abstract/modular";
import { secp256k1 } from "@noble/curves/secp256k1";
import { type Address, type Hex, hexToBytes, isAddressEqual, keccak256, toHex } from "viem";

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;

const { n } = secp256k1.CURVE;
const halfN = n >> 1n;
const Point = secp256k1.ProjectivePoint;
/** Public keys of signers seen before, with precomputed multiplication tables: verify, don't recover. */
const keys = new Map<string, Point>();
/** A key's window-4 tables hold ~520 points (~100 kB), so the cache stays near 100 MB at most. */
const maxKeys = 1_000;

export type VerifyEoaSignatureParameters = { digest: Hex; signature: Hex; signer: Address };

/**
 * Whether `signature` is `signer`'s ECDSA signature of `digest`, exactly as the escrow's `ECDSA.tryRecover` judges
 * it: 65 bytes, `v` 27 or 28, `s` in the lower half (no malleable twin), and the point that `ecrecover` would return
 * is `signer`'s. The first signature of a signer is recovered; after that its public key is kept with precomputed
 * tables, and a signature is verified against it (about three times faster than a recovery), with `R`'s parity and
 * `x` checked against `v` and `r` so that the answer is the one `ecrecover` gives.
 */
export function verifyEoaSignature({ digest, signature, signer }: VerifyEoaSignatureParameters): boolean {
  if (signature.length !== 132) return false;
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (r === 0n || r >= n || s === 0n || s > halfN || (v !== 27 && v !== 28)) return false;
  const key = signer.toLowerCase();
  const known = keys.get(key);
  if (!known) return recoverAndRemember(digest, r, s, v, signer, key);

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

function recoverAndRemember(
  digest: Hex,
  r: bigint,
  s: bigint,
  v: number,
  signer: Address,
  key: string,
): boolean {
  let point: Point;
  try {
    point = new secp256k1.Signature(r, s).addRecoveryBit(v - 27).recoverPublicKey(hexToBytes(digest).slice());
  } catch {
    return false;
  }
  const uncompressed = point.toRawBytes(false);
  const address = `0x${keccak256(toHex(uncompressed.subarray(1))).slice(-40)}` as Address;
  if (!isAddressEqual(address, signer)) return false;
  if (keys.size >= maxKeys) keys.delete(keys.keys().next().value!);
  secp256k1.utils.precompute(4, point);
  keys.set(key, point);
  return true;
}
