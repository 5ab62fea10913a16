import type { Hex } from "viem";
import { encodeAbiWord } from "./encodeAbiWord.js";
import type { Eip3009AuthorizationValues } from "./parseEip3009Authorization.js";
import type { SplitSignatureReturnType } from "./splitSignature.js";

export type Eip3009AuthorizationWordsParameters = {
  authorization: Eip3009AuthorizationValues;
  /** With an EOA's `(v,r,s)`, its three words follow (the calldata's order); without it, the EIP-712 struct's six. */
  signature?: SplitSignatureReturnType | undefined;
};

export type Eip3009AuthorizationWordsReturnType = Hex[];

/**
 * The ABI words of a `TransferWithAuthorization` in its one order (`from`, `to`, `value`, `validAfter`,
 * `validBefore`, `nonce`, then `v`, `r`, `s`): the layout shared by its EIP-712 struct hash, the calldata of
 * `transferWithAuthorization` and each item of the batch settler's `settle`.
 */
export function eip3009AuthorizationWords(
  parameters: Eip3009AuthorizationWordsParameters,
): Eip3009AuthorizationWordsReturnType {
  const { from, to, value, validAfter, validBefore, nonce } = parameters.authorization;
  const { signature } = parameters;
  const values = signature
    ? [from, to, value, validAfter, validBefore, nonce, signature.v, signature.r, signature.s]
    : [from, to, value, validAfter, validBefore, nonce];
  return values.map(encodeAbiWord);
}
