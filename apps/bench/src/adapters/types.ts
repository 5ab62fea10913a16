import type { Hex } from "viem";

/** The two implementations the benchmark compares. */
export type ImplementationName = "x402kit" | "reference";

/** What every adapter needs to know of the local chain (plain data, so it can cross into a child process). */
export type BenchChain = {
  rpcUrl: string;
  chainId: number;
  /** CAIP-2, `eip155:<chainId>`. */
  network: `eip155:${number}`;
  usdc: { address: Hex; name: string; version: string; decimals: number };
};

/** A running HTTP service. */
export type RunningService = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
};

export type StartFacilitatorParameters = {
  chain: BenchChain;
  /** The key of the account that pays gas for settlements. */
  privateKey: Hex;
  /** x402kit only: settle in batches through the X402BatchSettler at this address. */
  batchSettler?: Hex | undefined;
  /** x402kit only: how its facilitator is configured. Default: the memory store and the bench's receipt polling. */
  x402kit?: X402kitFacilitatorOptions | undefined;
};

/** How the bench configures x402kit's facilitator, beyond the key and the batch settler. */
export type X402kitFacilitatorOptions = {
  /** `sqlite`: a fresh file in a temporary directory, as the CLI's default store; `memory`: core's memory store. */
  store: "memory" | "sqlite";
  /** The receipt polling interval; undefined: x402kit's own default. */
  pollingIntervalMs?: number | undefined;
  /** More signer accounts beside `privateKey`, all settling at once (the high-throughput configuration). */
  moreSignerKeys?: Hex[] | undefined;
  /** With `batchSettler`: the longest a payment waits for its batch (x402kit's default: 200 ms). */
  batchMaxWaitMs?: number | undefined;
};

export type StartServerParameters = {
  chain: BenchChain;
  facilitatorUrl: string;
  /** Receives the payments. */
  payTo: Hex;
  /** The price of `GET /paid`, in atomic units of `chain.usdc`. */
  amount: bigint;
  /** Without payment middleware, `GET /paid` is an ordinary route (the baseline for middleware overhead). */
  payment: boolean;
};

export type CreateClientParameters = {
  chain: BenchChain;
  /** The buyer's key. */
  privateKey: Hex;
};

/** A signed payment, ready to send or to verify. */
export type SignedPayment = {
  /** The v2 PaymentPayload. */
  paymentPayload: Record<string, unknown>;
  /** The `PAYMENT-SIGNATURE` header value that carries it. */
  header: string;
};

/** A v2 PaymentRequired message, as a server sends it in `PAYMENT-REQUIRED`. */
export type PaymentRequiredMessage = {
  x402Version: 2;
  resource: { url: string; description?: string; mimeType?: string };
  accepts: Record<string, unknown>[];
};

/**
 * One x402 implementation, wired for the benchmark. The same express app, the same route and the same price on
 * both sides, so that the figures compare the payment code and nothing else.
 */
export type Implementation = {
  name: ImplementationName;
  /** The facilitator behind `POST /verify`, `POST /settle`, `GET /supported`. Runs inside a facilitator child. */
  startFacilitator(parameters: StartFacilitatorParameters): Promise<RunningService>;
  /** An express app with `GET /paid` (priced when `payment`) and `GET /health` (free). */
  startServer(parameters: StartServerParameters): Promise<RunningService>;
  /** A fetch that pays for 402s with the buyer's key. */
  createPaidFetch(parameters: CreateClientParameters): typeof globalThis.fetch;
  /** Signs payments for a 402 with the buyer's key, as the client does before it retries. */
  createPayloadSigner(parameters: CreateClientParameters): PayloadSigner;
};

export type PayloadSigner = {
  /** Chooses the requirement and signs it, as the client does on a 402 before it retries. */
  signPayload(paymentRequired: PaymentRequiredMessage): Promise<SignedPayment>;
};
