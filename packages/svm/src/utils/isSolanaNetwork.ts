/** A Solana CAIP-2 id: `solana:` and the first 32 characters of the cluster's genesis hash (spec v2 §11.1). */
export function isSolanaNetwork(network: string): network is `solana:${string}` {
  return /^solana:[1-9A-HJ-NP-Za-km-z]{32}$/.test(network);
}
