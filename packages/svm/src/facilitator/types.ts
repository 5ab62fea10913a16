import type { Rpc, SolanaRpcApi, TransactionPartialSigner } from "@solana/kit";
import type { SignatureWatcher } from "./createSignatureWatcher.js";

/**
 * A fee payer: anything that signs Solana transactions partially (a `@solana/kit` KeyPairSigner, or a remote
 * signer with the same interface). The facilitator signs as the fee payer and for nothing else.
 */
export type SvmFeePayer = TransactionPartialSigner;

/** One served network: its RPC, its fee payers, its confirmation watcher. */
export type SvmNetworkContext = {
  network: string;
  rpc: Rpc<SolanaRpcApi>;
  feePayers: ReadonlyMap<string, SvmFeePayer>;
  watcher: SignatureWatcher;
  /** The fee payer to announce next in `GET /supported` (they take turns). */
  nextFeePayer(): SvmFeePayer;
};

export type SvmFacilitatorSettings = {
  maxComputeUnits: number;
  maxComputeUnitPriceMicroLamports: bigint;
  /** How long settle waits for a confirmation before it answers `settlement_pending` with the signature. */
  confirmTimeoutMs: number;
  /** How often a transaction without a status is sent again while settle waits. */
  rebroadcastIntervalMs: number;
  /** Every fee payer of every network: none may appear in a payment's instructions. */
  feePayerAddresses: ReadonlySet<string>;
};
