import { encodeFunctionData, type Hex } from "viem";
import { eip3009Abi } from "../abis.js";
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

/** The calldata of `transferWithAuthorization`, for the simulation and for the settlement transaction. */
export function encodeTransferWithAuthorization(parameters: EncodeTransferWithAuthorizationParameters): Hex {
  const { from, to, value, validAfter, validBefore, nonce } = parameters.authorization;
  const { signature } = parameters;
  if (typeof signature === "string")
    return encodeFunctionData({
      abi: eip3009Abi,
      functionName: "transferWithAuthorization",
      args: [from, to, value, validAfter, validBefore, nonce, signature],
    });
  return encodeFunctionData({
    abi: eip3009Abi,
    functionName: "transferWithAuthorization",
    args: [from, to, value, validAfter, validBefore, nonce, signature.v, signature.r, signature.s],
  });
}
