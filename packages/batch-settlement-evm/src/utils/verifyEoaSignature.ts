import { type VerifyDigestSignatureParameters, verifyDigestSignature } from "@x402kit/evm";

export type VerifyEoaSignatureParameters = Omit<VerifyDigestSignatureParameters, "backend">;

/**
 * Whether `signature` is `signer`'s ECDSA signature of `digest`, exactly as the escrow's `ECDSA.tryRecover` judges it
 * (65 bytes, `v` 27 or 28, low `s`, the recovered point is `signer`'s): `@x402kit/evm`'s `verifyDigestSignature`,
 * on libsecp256k1 when the optional peer `secp256k1` is installed.
 */
export function verifyEoaSignature(parameters: VerifyEoaSignatureParameters): boolean {
  return verifyDigestSignature(parameters);
}
