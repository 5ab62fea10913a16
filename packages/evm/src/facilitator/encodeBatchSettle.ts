import { concat, type Hex, toFunctionSelector } from "viem";
import { encodeAbiWord as word } from "../utils/encodeAbiWord.js";
import type { BatchSettlementItem } from "./createBatchSettlement.js";

export type EncodeBatchSettleParameters = readonly Pick<
  BatchSettlementItem,
  "token" | "authorization" | "signature"
>[];

export type EncodeBatchSettleReturnType = Hex;

const settleSelector = toFunctionSelector(
  "settle((address,address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)[])",
);

/**
 * The calldata of X402BatchSettler's `settle(items)` (contracts/): an array of static tuples, so the offset of the
 * array, its length, then ten words per authorization. Written directly for the same reason as
 * `encodeTransferWithAuthorization` (issue 16), and tested against viem's `encodeFunctionData`.
 */
export function encodeBatchSettle(items: EncodeBatchSettleParameters): EncodeBatchSettleReturnType {
  const words: Hex[] = [settleSelector, word(32), word(items.length)];
  for (const { token, authorization: a, signature: s } of items)
    words.push(
      ...[token, a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, s.v, s.r, s.s].map(word),
    );
  return concat(words);
}
