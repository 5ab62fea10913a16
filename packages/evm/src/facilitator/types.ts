import type { VerifyResponse } from "@x402kit/types";
import type { Address, Chain, Client, Hex, LocalAccount, Transport } from "viem";
import type { BatchSettlement, BatchSettlementItem } from "./createBatchSettlement.js";
import type { ChainFacts } from "./createChainFacts.js";
import type { FeeCache } from "./createFeeCache.js";
import type { NonceManager } from "./createNonceManager.js";
import type { ReceiptWatcher } from "./createReceiptWatcher.js";

/** A viem client for one chain (a PublicClient fits). */
export type EvmClient = Client<Transport, Chain | undefined>;

/** What the facilitator needs of its signer: an address and local transaction signing (a viem LocalAccount). */
export type FacilitatorSigner = Pick<LocalAccount, "address" | "signTransaction">;

/** Everything the facilitator knows about one network it serves. */
export type NetworkContext = {
  network: string;
  chainId: number;
  client: EvmClient;
  /** The network's first signer: the sender of simulations, and of every settlement of a scheme that names it. */
  signer: FacilitatorSigner;
  /** Every account that may send the exact scheme's settlements, `signer` first; each has its own nonces. */
  signers: readonly FacilitatorSigner[];
  fees: FeeCache;
  facts: ChainFacts;
  /** Every settlement of this network waits for its receipt here: one watch of the chain's head for all. */
  receipts: ReceiptWatcher;
  /** Present when the network settles EIP-3009 authorizations in batches. */
  batch?: BatchSettlement | undefined;
};

/** The facilitator's settings, after defaults. */
export type FacilitatorSettings = {
  receiptTimeoutMs: number;
  /** An authorization must stay valid this many seconds past now to be accepted. */
  validityMarginSeconds: number;
  /** Unix seconds. */
  now: () => number;
  pollingIntervalMs: number;
  nonceManager: NonceManager;
};

/** The transaction that settles a verified payment, sent from the network's signer. */
export type EvmSettlementCall = {
  context: NetworkContext;
  to: Address;
  data: Hex;
  gas: bigint;
  /** An EOA's EIP-3009 authorization, which can also leave in a batch (when the network has batch settlement). */
  batchItem?: BatchSettlementItem | undefined;
};

/**
 * What an EVM scheme's verification hands to settlement: the VerifyResponse, and for a valid payment the amount it
 * moves and the transaction that moves it (none when there is nothing to move, e.g. an upto settlement of 0).
 */
export type VerifiedEvmPayment =
  | {
      response: VerifyResponse & { isValid: true };
      amount: bigint;
      call: EvmSettlementCall | undefined;
    }
  | { response: VerifyResponse & { isValid: false }; amount?: undefined; call?: undefined };
