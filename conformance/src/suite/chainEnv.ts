import type { SuiteChain } from "./suiteChain.js";

/** The chain's part of every subject's environment (README: the env of each target). */
export function chainEnv(chain: SuiteChain): Record<string, string> {
  return {
    RPC_URL: chain.rpcUrl,
    CHAIN_ID: String(chain.chainId),
    NETWORK: chain.network,
    ASSET: chain.usdc.address,
    ASSET_NAME: chain.usdc.name,
    ASSET_VERSION: chain.usdc.version,
  };
}
