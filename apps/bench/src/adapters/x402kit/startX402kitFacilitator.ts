import { exactEvmFacilitator } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { receiptPollingIntervalMs } from "../settings.js";
import type { RunningService, StartFacilitatorParameters } from "../types.js";

/**
 * x402kit's facilitator and its HTTP service, wired as apps/demo does, with request logging off (the reference's
 * HTTP glue logs nothing either).
 */
export async function startX402kitFacilitator(
  parameters: StartFacilitatorParameters,
): Promise<RunningService> {
  const logger = pino({ level: "silent" });
  const facilitator = createFacilitator({
    logger,
    schemes: [
      exactEvmFacilitator({
        networks: {
          [parameters.chain.network]: {
            rpcUrl: parameters.chain.rpcUrl,
            signer: privateKeyToAccount(parameters.privateKey),
            batchSettlement: parameters.batchSettler ? { settler: parameters.batchSettler } : undefined,
          },
        },
        pollingIntervalMs: receiptPollingIntervalMs,
      }),
    ],
  });
  const server = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
  return { url: server.url, close: () => server.close() };
}
