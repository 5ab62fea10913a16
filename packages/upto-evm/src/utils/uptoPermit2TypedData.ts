import { permit2Address } from "../constants.js";
import type { UptoPermit2AuthorizationValues } from "./parseUptoPermit2Authorization.js";
import { uptoPermit2Types } from "./uptoPermit2Types.js";

export type UptoPermit2TypedDataParameters = {
  chainId: number;
  authorization: UptoPermit2AuthorizationValues;
};

/**
 * The full EIP-712 typed data of an upto authorization, as the client signs it and the facilitator hashes it. The
 * domain is Permit2's `{ name: "Permit2", chainId, verifyingContract: Permit2 }` (no version); `from` is not part
 * of the signed message, it is the signer.
 */
export function uptoPermit2TypedData(parameters: UptoPermit2TypedDataParameters) {
  const { permitted, spender, nonce, deadline, witness } = parameters.authorization;
  return {
    domain: { name: "Permit2", chainId: parameters.chainId, verifyingContract: permit2Address },
    types: uptoPermit2Types,
    primaryType: "PermitWitnessTransferFrom",
    message: { permitted, spender, nonce, deadline, witness },
  } as const;
}

export type UptoPermit2TypedDataReturnType = ReturnType<typeof uptoPermit2TypedData>;
