import { secp256k1 } from "@noble/curves/secp256k1";
import type { Hex } from "viem";
import { nativeSecp256k1 } from "./nativeSecp256k1.js";
import type { Secp256k1Backend } from "./secp256k1Backend.js";

export type SignDigestParameters = {
  /** 32 bytes. */
  digest: Hex;
  privateKey: Hex;
  /** Default: `native` when the optional peer `secp256k1` loads, else `js`. */
  backend?: Secp256k1Backend | undefined;
};

export type SignDigestReturnType = Hex;

export type SignDigestErrorType = Error;

const digestPattern = /^0x[0-9a-fA-F]{64}$/;

/**
 * ECDSA over secp256k1 of a 32-byte digest, as viem's `sign({ hash, privateKey })`: deterministic (RFC 6979), low `s`,
 * serialised `r ‖ s ‖ v` with `v` 27 or 28. libsecp256k1 when it is installed (about ten times faster than noble),
 * noble otherwise; the two give the same bytes.
 */
export function signDigest({ digest, privateKey, backend }: SignDigestParameters): SignDigestReturnType {
  if (!digestPattern.test(digest)) throw new TypeError(`Not a 32-byte digest: ${digest}.`);
  if (!digestPattern.test(privateKey)) throw new TypeError("Not a 32-byte private key.");
  const native = backend === "js" ? undefined : nativeSecp256k1();
  if (backend === "native" && !native) throw new Error("The native secp256k1 backend is not installed.");
  if (native) {
    const { signature, recid } = native.ecdsaSign(
      Buffer.from(digest.slice(2), "hex"),
      Buffer.from(privateKey.slice(2), "hex"),
    );
    return `0x${Buffer.from(signature).toString("hex")}${recid ? "1c" : "1b"}`;
  }
  const { r, s, recovery } = secp256k1.sign(digest.slice(2), privateKey.slice(2), {
    lowS: true,
    extraEntropy: false,
  });
  return `0x${r.toString(16).padStart(64, "0")}${s.toString(16).padStart(64, "0")}${recovery ? "1c" : "1b"}`;
}
