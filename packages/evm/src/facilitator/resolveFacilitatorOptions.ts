import type { NonceStore } from "@x402kit/core";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { nowSeconds } from "../utils/nowSeconds.js";
import { createNetworkContexts, type ExactEvmFacilitatorNetwork } from "./createNetworkContexts.js";
import { createNonceManager, type NonceManager } from "./createNonceManager.js";
import type { FacilitatorSettings, NetworkContext } from "./types.js";

/** The options that every EVM scheme's facilitator takes (exact, upto), besides its gas limits. */
export type EvmFacilitatorOptions = {
  /** The networks to serve, by CAIP-2 id: `{ "eip155:8453": { rpcUrl, signer } }`. */
  networks: Record<string, ExactEvmFacilitatorNetwork>;
  /** Where the signer's transaction nonces live. Default: in memory. Give the facilitator's store to share it. */
  nonceStore?: NonceStore | undefined;
  /**
   * Or a whole nonce manager. Give one scheme's (`exactEvmFacilitator(...).nonceManager`) to the others when they
   * settle from the same account, so that their transactions never collide. Takes precedence over `nonceStore`.
   */
  nonceManager?: NonceManager | undefined;
  /** How long settle waits for a receipt before answering `settlement_pending` with the hash. Default 30 000. */
  receiptTimeoutMs?: number | undefined;
  /** An authorization must stay valid this many seconds past now to be accepted. Default 6. */
  validityMarginSeconds?: number | undefined;
  /** The clock, in Unix seconds. */
  now?: (() => number) | undefined;
  /** How often to poll for receipts. Default 500 ms. */
  pollingIntervalMs?: number | undefined;
  /** How long fee data is reused (about a block). Default 2 000 ms. */
  feeCacheMs?: number | undefined;
  /** How long chain facts that no request can change (is an asset an EIP-3009 token) are reused. Default 60 000. */
  chainFactsMs?: number | undefined;
};

export type ResolveFacilitatorOptionsReturnType<gasName extends string> = {
  contexts: Map<string, NetworkContext>;
  settings: FacilitatorSettings & { gas: Record<gasName, bigint> };
};

const invalidOption = (name: string, value: unknown): never => {
  throw new ExactEvmError("invalid_config", `\`${name}\` must be a non-negative number.`, {
    details: { [name]: String(value) },
  });
};
const numberOption = (name: string, value: number | undefined, fallback: number): number =>
  value === undefined ? fallback : Number.isFinite(value) && value >= 0 ? value : invalidOption(name, value);

/**
 * Validates an EVM facilitator's options at start-up and applies the defaults: one context per network (client,
 * signer, fee cache), the nonce manager, the timing settings, and the scheme's gas limits (each a positive bigint,
 * `gas` gives the value passed and the default). Throws ExactEvmError("invalid_config").
 */
export function resolveFacilitatorOptions<gasName extends string>(
  options: EvmFacilitatorOptions,
  gas: Record<gasName, { value: bigint | undefined; fallback: bigint }>,
): ResolveFacilitatorOptionsReturnType<gasName> {
  const pollingIntervalMs = numberOption("pollingIntervalMs", options.pollingIntervalMs, 500);
  const receiptTimeoutMs = numberOption("receiptTimeoutMs", options.receiptTimeoutMs, 30_000);
  const nonceManager = options.nonceManager ?? createNonceManager({ store: options.nonceStore });
  const contexts = createNetworkContexts({
    nonceManager,
    receiptTimeoutMs,
    networks: options.networks,
    pollingIntervalMs,
    feeCacheMs: numberOption("feeCacheMs", options.feeCacheMs, 2_000),
    chainFactsMs: numberOption("chainFactsMs", options.chainFactsMs, 60_000),
  });
  const limits = Object.fromEntries(
    Object.entries<{ value: bigint | undefined; fallback: bigint }>(gas).map(
      ([name, { value, fallback }]) => [
        name,
        value === undefined
          ? fallback
          : typeof value === "bigint" && value > 0n
            ? value
            : invalidOption(name, value),
      ],
    ),
  ) as Record<gasName, bigint>;
  return {
    contexts,
    settings: {
      receiptTimeoutMs,
      validityMarginSeconds: numberOption("validityMarginSeconds", options.validityMarginSeconds, 6),
      now: options.now ?? nowSeconds,
      pollingIntervalMs,
      nonceManager,
      gas: limits,
    },
  };
}
