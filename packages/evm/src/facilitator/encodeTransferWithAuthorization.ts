import { concat, encodeFunctionData, type Hex, toFunctionSelector } from "viem";
import { eip3009Abi } from "../abis.js";
import { encodeAbiWord as word } from "../utils/encodeAbiWord.js";
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

const vrsSelector = toFunctionSelector(
  "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
);

/**
 * The calldata of `transferWithAuthorization`, for the simulation and for the settlement transaction. The `(v,r,s)`
 * overload, one per paid request, is nine static words written directly: viem's `encodeFunctionData` chose between
 * the two overloads and walked the ABI on every call, almost half of a verify's CPU (issue 16). The same bytes
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
    ...[from, to, value, validAfter, validBefore, nonce, signature.v, signature.r, signature.s].map(word),
  ]);
}
