import { getBlock, getGasPrice } from "viem/actions";
import { createTtlCache } from "../utils/createTtlCache.js";
import type { EvmClient } from "./types.js";

export type FeeValues =
  | { type: "eip1559"; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }
  | { type: "legacy"; gasPrice: bigint };

export type FeeCache = {
  /** Fee values for a transaction sent now; read at most once per `ttlMs`, concurrent callers share one read. */
  get(): Promise<FeeValues>;
};

export type CreateFeeCacheParameters = {
  client: EvmClient;
  /** How long fee data stays fresh: about one block. */
  ttlMs: number;
};

/**
 * Caches a chain's fee data for about a block, so that a burst of settlements costs one fee read, not one per
 * transaction. EIP-1559 chains get `maxFeePerGas = 2 * baseFee + tip` (room for a few full blocks); others pay the
 * node's gas price. The three reads go out in one round trip.
 */
export function createFeeCache(parameters: CreateFeeCacheParameters): FeeCache {
  const { client, ttlMs } = parameters;
  const cache = createTtlCache<FeeValues>({ ttlMs, maxEntries: 1 });

  const read = async (): Promise<FeeValues> => {
    const [block, tip, gasPrice] = await Promise.allSettled([
      getBlock(client, { blockTag: "latest" }),
      client.request({ method: "eth_maxPriorityFeePerGas" }),
      getGasPrice(client),
    ]);
    if (gasPrice.status === "rejected") throw gasPrice.reason;
    const baseFee = block.status === "fulfilled" ? block.value.baseFeePerGas : null;
    if (baseFee === null || baseFee === undefined) return { type: "legacy", gasPrice: gasPrice.value };
    const fallbackTip = gasPrice.value > baseFee ? gasPrice.value - baseFee : 0n;
    const maxPriorityFeePerGas = tip.status === "fulfilled" ? BigInt(tip.value) : fallbackTip;
    return { type: "eip1559", maxFeePerGas: 2n * baseFee + maxPriorityFeePerGas, maxPriorityFeePerGas };
  };

  return { get: () => cache.get("fees", read) };
}
