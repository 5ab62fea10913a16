import type { EvmClient, FacilitatorSigner, NonceManager } from "@x402kit/evm";

/** Everything the upto facilitator knows about one network it serves. */
export type UptoNetworkContext = {
  network: string;
  chainId: number;
  client: EvmClient;
  signer: FacilitatorSigner;
};

/** The facilitator's settings, after defaults. */
export type UptoFacilitatorSettings = {
  receiptTimeoutMs: number;
  /** An authorization must stay valid this many seconds past now to be accepted. */
  validityMarginSeconds: number;
  /** Unix seconds. */
  now: () => number;
  pollingIntervalMs: number;
  nonceManager: NonceManager;
  /** Gas limit of `settle`. */
  gasLimit: bigint;
  /** Gas limit of `settleWithPermit` (EIP-2612 permit + settle). */
  permitGasLimit: bigint;
};
