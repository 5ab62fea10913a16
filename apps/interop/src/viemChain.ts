import { type Chain, defineChain } from "viem";

/** A viem chain for a local node, so that wallet clients sign transactions for the right chain id. */
export function viemChain(parameters: { chainId: number; rpcUrl: string }): Chain {
  return defineChain({
    id: parameters.chainId,
    name: `local-${parameters.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [parameters.rpcUrl] } },
  });
}
