import { concat, encodeFunctionData, type Hex, toFunctionSelector } from "viem";
import { eip3009Abi } from "../abis.js";
import { eip3009AuthorizationWords } from "../utils/eip3009AuthorizationWords.js";
import type { Eip3009AuthorizationValues } from "../utils/parseEip3009Authorization.js";
import type { SplitSignatureReturnType } from "../utils/splitSignature.js";

export type EncodeTransferWithAuthorizationParameters = {
  authorization: Eip3009AuthorizationValues;
  /**
   * `{ v, r, s }` of an EOA's signature: the `(v,r,s)` overload, which every EIP-3009 token has. A `bytes` signature
   * (a smart wallet's, checked by EIP-1271): the `bytes signature` overload of USDC v2.2.
   */
  signature: SplitSignatureReturnType | Hex;
};

// The `(v,r,s)` overload: the first `transferWithAuthorization` of the ABI.
const vrsSelector = toFunctionSelector(eip3009Abi[0]);

/**
 * The calldata of `transferWithAuthorization`, for the simulation and for the settlement transaction. The `(v,r,s)`
 * overload, one per paid request, is nine static words written directly: viem's `encodeFunctionData` chose between
 * the two overloads and walked the ABI on every call, about 10 µs more per payment (issue 16). The same bytes
 * (tested against viem).
 */
export function encodeTransferWithAuthorization(parameters: EncodeTransferWithAuthorizationParameters): Hex {
  const { from, to, value, validAfter, validBefore, nonce } = parameters.authorization;
  const { signature } = parameters;
  if (typeof signature === "string")
    return encodeFunctionData({
      abi: eip3009Abi,
      functionName: "transferWithAuthorization",
      args: [from, to, value, validAfter, validBefore, nonce, signature],
    });
  return concat([
    vrsSelector,
    ...eip3009AuthorizationWords({ authorization: parameters.authorization, signature }),
  ]);
}
