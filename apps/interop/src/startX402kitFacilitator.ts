import { batchSettlementEvmFacilitator } from "@x402kit/batch-settlement-evm";
import { exactEvmFacilitator } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import type { TestChain } from "@x402kit/testchain";
import { uptoEvmFacilitator } from "@x402kit/upto-evm";
import { pino } from "pino";

export type StartX402kitFacilitatorParameters = {
  chain: TestChain;
  /** The facilitator's clock in Unix seconds (default: the wall clock), to move it with the chain's. */
  now?: (() => number) | undefined;
  /** Also settle the upto scheme (default false), sharing the exact scheme's nonce manager: one gas account. */
  upto?: boolean | undefined;
  /** Also serve batch-settlement (default false), from the same gas account. */
  batchSettlement?: boolean | undefined;
};

export type StartX402kitFacilitatorReturnType = {
  /** The base URL of `POST /verify`, `POST /settle` and `GET /supported` (spec v2 §7). */
  url: string;
  close(): Promise<void>;
};

/**
 * x402kit's facilitator for one test chain, over HTTP as it is deployed: the exact EVM scheme (and upto, if asked)
 * with the chain's facilitator account paying gas, quiet logs, and a short receipt polling interval for a local node.
 */
export async function startX402kitFacilitator(
  parameters: StartX402kitFacilitatorParameters,
): Promise<StartX402kitFacilitatorReturnType> {
  const { chain } = parameters;
  const silent = pino({ level: "silent" });
  const options = {
    networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
    pollingIntervalMs: 50,
    now: parameters.now,
  };
  const exact = exactEvmFacilitator(options);
  const facilitator = createFacilitator({
    schemes: [
      exact,
      ...(parameters.upto ? [uptoEvmFacilitator({ ...options, nonceManager: exact.nonceManager })] : []),
      ...(parameters.batchSettlement
        ? [batchSettlementEvmFacilitator({ ...options, nonceManager: exact.nonceManager })]
        : []),
    ],
    logger: silent,
  });
  const server = await createFacilitatorServer({ facilitator, logger: silent }).listen({ port: 0 });
  return { url: server.url, close: () => server.close() };
}
