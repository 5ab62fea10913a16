import { type Address, type Hex, isAddressEqual, recoverAddress } from "viem";
import { splitSignature } from "./splitSignature.js";

export type IsSignedByParameters = { hash: Hex; signature: Hex; signer: Address };

/**
 * Whether `signature` is an EOA signature of `signer` over `hash` (recovered off-chain). False for anything else: a
 * contract wallet's signature (EIP-1271), which only the chain can check, or bytes that are no signature.
 */
export async function isSignedBy(parameters: IsSignedByParameters): Promise<boolean> {
  const { hash, signature, signer } = parameters;
  if (!splitSignature(signature)) return false;
  const recovered = await recoverAddress({ hash, signature }).catch(() => undefined);
  return recovered !== undefined && isAddressEqual(recovered, signer);
}
