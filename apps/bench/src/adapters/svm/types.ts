import type { KeyPairSigner } from "@solana/kit";
import type { PayloadSigner, RunningService } from "../types.js";

/** What the Solana adapters need to know of the local Solana chain (plain data, so it can cross into a child). */
export type SvmBenchChain = {
  rpcUrl: string;
  /** CAIP-2, `solana:<genesis hash prefix>`. */
  network: `solana:${string}`;
  usdc: { address: string; decimals: number };
};

export type StartSvmFacilitatorParameters = {
  chain: SvmBenchChain;
  /** The fee payer's 64-byte secret key (seed and public key), base64. */
  feePayerSecretKey: string;
};

export type StartSvmServerParameters = {
  chain: SvmBenchChain;
  facilitatorUrl: string;
  /** Receives the payments (its token account must exist). */
  payTo: string;
  /** The price of `GET /paid`, in atomic units of `chain.usdc`. */
  amount: bigint;
};

export type CreateSvmClientParameters = { chain: SvmBenchChain; buyer: KeyPairSigner };

/**
 * One implementation's `exact` on Solana, wired for the benchmark as its documentation shows: the same express app
 * (`createBenchApp`), route and price on both sides, so that the figures compare the payment code.
 */
export type SvmSide = {
  /** The facilitator behind `POST /verify`, `POST /settle`, `GET /supported`. Runs inside a facilitator child. */
  startFacilitator(parameters: StartSvmFacilitatorParameters): Promise<RunningService>;
  startServer(parameters: StartSvmServerParameters): Promise<RunningService>;
  createPaidFetch(parameters: CreateSvmClientParameters): typeof globalThis.fetch;
  createPayloadSigner(parameters: CreateSvmClientParameters): PayloadSigner;
};
