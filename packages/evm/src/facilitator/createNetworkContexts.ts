import { getNodeHttpFetch } from "@x402kit/core";
import { evmChainId } from "@x402kit/types";
import { createClient, getAddress, http, isAddress } from "viem";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { type BatchSettlementOptions, createBatchSettlement } from "./createBatchSettlement.js";
import { createChainFacts } from "./createChainFacts.js";
import { createFeeCache } from "./createFeeCache.js";
import type { NonceManager } from "./createNonceManager.js";
import { createReceiptWatcher } from "./createReceiptWatcher.js";
import type { EvmClient, FacilitatorSigner, NetworkContext } from "./types.js";

export type ExactEvmFacilitatorNetwork = {
  /** The chain's JSON-RPC URL; the facilitator makes a batching HTTP client for it. */
  rpcUrl?: string | undefined;
  /** Or a viem client of your own (a PublicClient); give it `batch: true` on an http transport for one round trip. */
  publicClient?: EvmClient | undefined;
  /**
   * The account that sends settlement transactions and pays their gas (a viem LocalAccount), or several: the exact
   * scheme then spreads its settlements over them, each account with its own nonces (issue 16; the first one is the
   * network's address for simulations and for the upto scheme, which settles from one account only).
   */
  signer: FacilitatorSigner | readonly FacilitatorSigner[];
  /**
   * Settle EOAs' EIP-3009 authorizations in batches through x402kit's X402BatchSettler at `settler` (optional; off by
   * default). Saves about a third of the gas per payment at 50 a batch, for up to `maxWaitMs` more latency.
   */
  batchSettlement?: BatchSettlementOptions | undefined;
};

export type CreateNetworkContextsParameters = {
  networks: Record<string, ExactEvmFacilitatorNetwork>;
  pollingIntervalMs: number;
  feeCacheMs: number;
  chainFactsMs: number;
  /** For batch settlement: the nonce manager its transactions go through, and how long it waits for receipts. */
  nonceManager: NonceManager;
  receiptTimeoutMs: number;
};

/**
 * Validates the facilitator's `networks` option (keys `eip155:<id>`, a signer that can sign transactions, an RPC
 * URL or a client) and builds one context per network. Throws ExactEvmError("invalid_config") at start-up.
 */
export function createNetworkContexts(
  parameters: CreateNetworkContextsParameters,
): Map<string, NetworkContext> {
  const { networks, pollingIntervalMs, feeCacheMs, chainFactsMs, nonceManager, receiptTimeoutMs } =
    parameters;
  if (typeof networks !== "object" || networks === null || Object.keys(networks).length === 0)
    throw new ExactEvmError("invalid_config", "`networks` must name at least one network.");
  const contexts = new Map<string, NetworkContext>();
  for (const [network, config] of Object.entries(networks)) {
    const fail = (message: string): never => {
      throw new ExactEvmError("invalid_config", `networks["${network}"]: ${message}`, {
        details: { network },
      });
    };
    const chainId = evmChainId(network);
    if (chainId === undefined) return fail("the key must be an EVM network like eip155:8453.");
    const given = config?.signer;
    const signers: readonly FacilitatorSigner[] = Array.isArray(given) ? given : [given];
    if (
      signers.length === 0 ||
      signers.some((one) => typeof one?.address !== "string" || typeof one.signTransaction !== "function")
    )
      fail(
        "`signer` must be a local account (viem privateKeyToAccount) that can sign transactions, or a list of them.",
      );
    if (new Set(signers.map((one) => one.address.toLowerCase())).size !== signers.length)
      fail("`signer`: the accounts must be distinct.");
    const signer = signers[0]!;
    let client: EvmClient;
    if (config.publicClient) client = config.publicClient;
    else if (typeof config.rpcUrl === "string" && /^https?:\/\//.test(config.rpcUrl)) {
      // On Node.js over node:http (core's getNodeHttpFetch): less CPU per RPC call than the global fetch. It reads
      // at most 10 MiB of an answer before viem sees it, so viem need not read the body as a stream to limit it.
      const fetchFn = getNodeHttpFetch();
      client = createClient({
        transport: http(config.rpcUrl, {
          batch: true,
          ...(fetchFn && { fetchFn, maxResponseBodySize: false }),
        }),
        pollingInterval: pollingIntervalMs,
      });
    } else return fail("give an `rpcUrl` (http or https) or a `publicClient`.");
    const context: NetworkContext = {
      network,
      chainId,
      client,
      signer,
      signers,
      fees: createFeeCache({ client, ttlMs: feeCacheMs }),
      facts: createChainFacts({ client, ttlMs: chainFactsMs }),
      receipts: createReceiptWatcher({ client, pollingIntervalMs }),
    };
    const batch = config.batchSettlement;
    if (batch !== undefined) {
      if (typeof batch?.settler !== "string" || !isAddress(batch.settler, { strict: false }))
        fail("`batchSettlement.settler` must be the address of an X402BatchSettler.");
      context.batch = createBatchSettlement({
        ...batch,
        settler: getAddress(batch.settler),
        context,
        nonceManager,
        receiptTimeoutMs,
      });
    }
    contexts.set(network, context);
  }
  return contexts;
}
