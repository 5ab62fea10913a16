import { type Address, type Hex, isAddressEqual, recoverAddress } from "viem";
import { recoverDigestAddress } from "../secp256k1/recoverDigestAddress.js";
import { isHighS } from "./isHighS.js";
import { splitSignature } from "./splitSignature.js";

export type IsSignedByParameters = { hash: Hex; signature: Hex; signer: Address };

/**
 * Whether `signature` is an EOA signature of `signer` over `hash` (recovered off-chain), as Permit2's `ecrecover`
 * would see it. False for anything else: a contract wallet's signature (EIP-1271), which only the chain can check,
 * or bytes that are no signature.
 */
export async function isSignedBy(parameters: IsSignedByParameters): Promise<boolean> {
  const { hash, signature, signer } = parameters;
  const split = splitSignature(signature);
  if (!split) return false;
  // `ecrecover` takes a high `s` too: only a low-s signature takes the fast path, which refuses the twin.
  const recovered = isHighS(split.s)
    ? await recoverAddress({ hash, signature }).catch(() => undefined)
    : recoverDigestAddress({
        digest: hash,
        signature: `${split.r}${split.s.slice(2)}${split.v.toString(16)}`,
      });
  return recovered !== undefined && isAddressEqual(recovered, signer);
}
