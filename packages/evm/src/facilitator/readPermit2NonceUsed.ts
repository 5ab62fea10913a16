import type { Address } from "viem";
import { readContract } from "viem/actions";
import { permit2NonceBitmapAbi } from "../abis.js";
import { permit2Address } from "../constants.js";
import type { EvmClient } from "./types.js";

export type ReadPermit2NonceUsedParameters = { client: EvmClient; owner: Address; nonce: bigint };

/**
 * Whether Permit2 has `owner`'s unordered nonce marked used (or invalidated): bit `nonce & 255` of
 * `nonceBitmap(owner, nonce >> 8)`. Throws when Permit2 does not answer.
 */
export async function readPermit2NonceUsed(parameters: ReadPermit2NonceUsedParameters): Promise<boolean> {
  const { client, owner, nonce } = parameters;
  const bitmap = await readContract(client, {
    address: permit2Address,
    abi: permit2NonceBitmapAbi,
    functionName: "nonceBitmap",
    args: [owner, nonce >> 8n],
  });
  return ((bitmap >> (nonce & 0xffn)) & 1n) === 1n;
}
