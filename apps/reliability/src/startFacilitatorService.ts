import type { FacilitatorStore } from "@x402kit/core";
import { exactEvmFacilitator } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer, type Facilitator } from "@x402kit/facilitator";
import type { TestChain } from "@x402kit/testchain";
import { pino } from "pino";
import { createClient, http } from "viem";

export type StartFacilitatorServiceParameters = {
  chain: TestChain;
  /** The JSON-RPC URL the facilitator uses (a fault proxy in front of the chain, say). Default: the chain's. */
  rpcUrl?: string | undefined;
  /** Per-call RPC timeout, no retries. Default 2 000 ms. */
  rpcTimeoutMs?: number | undefined;
  /** How long settle waits for a receipt before answering `settlement_pending`. Default 10 000 ms. */
  receiptTimeoutMs?: number | undefined;
  /** Default: in memory. */
  store?: FacilitatorStore | undefined;
  /** Default 64 KiB (the service's default). */
  bodyLimitBytes?: number | undefined;
};

export type FacilitatorService = {
  /** The base URL of `POST /verify` and `POST /settle`. */
  url: string;
  facilitator: Facilitator;
  close(): Promise<void>;
};

/**
 * x402kit's facilitator as it is deployed (`createFacilitatorServer` over `createFacilitator` with the exact EVM
 * scheme), paying gas from the chain's facilitator account, quiet, with short RPC timeouts so that a fault shows
 * within a test's time.
 */
export async function startFacilitatorService(
  parameters: StartFacilitatorServiceParameters,
): Promise<FacilitatorService> {
  const { chain } = parameters;
  const silent = pino({ level: "silent" });
  const publicClient = createClient({
    chain: chain.chain,
    transport: http(parameters.rpcUrl ?? chain.rpcUrl, {
      batch: true,
      timeout: parameters.rpcTimeoutMs ?? 2_000,
      retryCount: 0,
    }),
    pollingInterval: 50,
  });
  const facilitator = createFacilitator({
    schemes: [
      exactEvmFacilitator({
        networks: { [chain.network]: { publicClient, signer: chain.accounts.facilitator.account } },
        pollingIntervalMs: 50,
        receiptTimeoutMs: parameters.receiptTimeoutMs ?? 10_000,
        nonceStore: parameters.store,
      }),
    ],
    store: parameters.store,
    logger: silent,
  });
  const server = await createFacilitatorServer({
    facilitator,
    logger: silent,
    bodyLimitBytes: parameters.bodyLimitBytes,
    closeTimeoutMs: 5_000,
  }).listen({ port: 0 });
  return { url: server.url, facilitator, close: () => server.close() };
}
