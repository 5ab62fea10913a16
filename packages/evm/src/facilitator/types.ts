import type { Chain, Client, LocalAccount, Transport } from "viem";
import type { FeeCache } from "./createFeeCache.js";
import type { NonceManager } from "./createNonceManager.js";

/** A viem client for one chain (a PublicClient fits). */
export type EvmClient = Client<Transport, Chain | undefined>;

/** What the facilitator needs of its signer: an address and local transaction signing (a viem LocalAccount). */
export type FacilitatorSigner = Pick<LocalAccount, "address" | "signTransaction">;

/** Everything the facilitator knows about one network it serves. */
export type NetworkContext = {
  network: string;
  chainId: number;
  client: EvmClient;
  signer: FacilitatorSigner;
  fees: FeeCache;
};

/** The facilitator's settings, after defaults. */
export type FacilitatorSettings = {
  receiptTimeoutMs: number;
  validityMarginSeconds: number;
  now: () => number;
  pollingIntervalMs: number;
  nonceManager: NonceManager;
};
