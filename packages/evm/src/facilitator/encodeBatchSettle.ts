import { concat, type Hex, toFunctionSelector } from "viem";
import { batchSettlerAbi } from "../abis.js";
import { eip3009AuthorizationWords } from "../utils/eip3009AuthorizationWords.js";
import { encodeAbiWord as word } from "../utils/encodeAbiWord.js";
import type { BatchSettlementItem } from "./createBatchSettlement.js";

export type EncodeBatchSettleParameters = readonly Pick<
  BatchSettlementItem,
  "token" | "authorization" | "signature"
>[];

export type EncodeBatchSettleReturnType = Hex;

const settleSelector = toFunctionSelector(batchSettlerAbi[0]);

/**
 * The calldata of X402BatchSettler's `settle(items)` (contracts/): an array of static tuples, so the offset of the
 * array, its length, then ten words per authorization. Written directly for the same reason as
 * `encodeTransferWithAuthorization` (issue 16), and tested against viem's `encodeFunctionData`.
 */
export function encodeBatchSettle(items: EncodeBatchSettleParameters): EncodeBatchSettleReturnType {
  const words: Hex[] = [settleSelector, word(32), word(items.length)];
  for (const { token, authorization, signature } of items)
    words.push(word(token), ...eip3009AuthorizationWords({ authorization, signature }));
  return concat(words);
}
