import type { ExactEvmFacilitatorNetwork } from "@x402kit/evm";
import { evmChainId } from "@x402kit/types";
import { createClient, http } from "viem";
import { UptoEvmError } from "../errors/UptoEvmError.js";
import type { UptoNetworkContext } from "./types.js";

export type CreateUptoNetworkContextsParameters = {
  networks: Record<string, ExactEvmFacilitatorNetwork>;
  pollingIntervalMs: number;
};

/**
 * Validates the facilitator's `networks` option (keys `eip155:<id>`, a signer that can sign transactions, an RPC
 * URL or a client) and builds one context per network. Throws UptoEvmError("invalid_config") at start-up.
 */
export function createUptoNetworkContexts(
  parameters: CreateUptoNetworkContextsParameters,
): Map<string, UptoNetworkContext> {
  const { networks, pollingIntervalMs } = parameters;
  if (typeof networks !== "object" || networks === null || Object.keys(networks).length === 0)
    throw new UptoEvmError("invalid_config", "`networks` must name at least one network.");
  const contexts = new Map<string, UptoNetworkContext>();
  for (const [network, config] of Object.entries(networks)) {
    const fail = (message: string): never => {
      throw new UptoEvmError("invalid_config", `networks["${network}"]: ${message}`, {
        details: { network },
      });
    };
    const chainId = evmChainId(network);
    if (chainId === undefined) return fail("the key must be an EVM network like eip155:8453.");
    const signer = config?.signer;
    if (typeof signer?.address !== "string" || typeof signer.signTransaction !== "function")
      fail("`signer` must be a local account (viem privateKeyToAccount) that can sign transactions.");
    const client =
      config.publicClient ??
      (typeof config.rpcUrl === "string" && /^https?:\/\//.test(config.rpcUrl)
        ? createClient({
            transport: http(config.rpcUrl, { batch: true }),
            pollingInterval: pollingIntervalMs,
          })
        : fail("give an `rpcUrl` (http or https) or a `publicClient`."));
    contexts.set(network, { network, chainId, client, signer });
  }
  return contexts;
}
