import { type Address, zeroAddress, zeroHash } from "viem";
import { readContract } from "viem/actions";
import { eip3009Abi } from "../abis.js";
import { createTtlCache } from "../utils/createTtlCache.js";
import { isContractRefusal } from "./isContractRefusal.js";
import type { EvmClient } from "./types.js";

export type ChainFacts = {
  /**
   * Whether `asset` is a contract that answers EIP-3009's `authorizationState` (so an `eth_call` that succeeds
   * there ran the token's code, not an empty account or a silent fallback). Cached; a transport failure throws.
   */
  isEip3009Token(asset: Address): Promise<boolean>;
};

export type CreateChainFactsParameters = {
  client: EvmClient;
  /** How long a fact is reused. */
  ttlMs: number;
};

/**
 * A short-lived cache of chain facts that no single request can change (issue 5): whether an asset is an EIP-3009
 * token. Each fact costs one read per `ttlMs` and per asset, shared by concurrent requests.
 */
export function createChainFacts(parameters: CreateChainFactsParameters): ChainFacts {
  const { client, ttlMs } = parameters;
  const eip3009 = createTtlCache<boolean>({ ttlMs });
  return {
    isEip3009Token: (asset) =>
      eip3009.get(asset.toLowerCase(), () =>
        readContract(client, {
          address: asset,
          abi: eip3009Abi,
          functionName: "authorizationState",
          args: [zeroAddress, zeroHash],
        }).then(
          () => true,
          (error: unknown) => {
            if (isContractRefusal(error)) return false;
            throw error;
          },
        ),
      ),
  };
}
