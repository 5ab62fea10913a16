import { type Chain, defineChain } from "viem";
import type { BenchChain } from "../types.js";

/** A viem chain for the local node, so that wallet clients sign for the right chain id. */
export function localChain(chain: BenchChain): Chain {
  return defineChain({
    id: chain.chainId,
    name: `local-${chain.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });
}
