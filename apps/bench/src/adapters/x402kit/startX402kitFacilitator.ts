import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryStore } from "@x402kit/core";
import { exactEvmFacilitator, privateKeyToFastAccount } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer, createSqliteStore } from "@x402kit/facilitator";
import { pino } from "pino";
import { receiptPollingIntervalMs } from "../settings.js";
import type { RunningService, StartFacilitatorParameters } from "../types.js";

/**
 * x402kit's facilitator and its HTTP service, wired as apps/demo does, with request logging off (the reference's
 * HTTP glue logs nothing either). With `x402kit.store: "sqlite"` it is wired as the CLI is: a SQLite file (in a
 * temporary directory, removed on close) that also holds the signers' transaction nonces; several signers settle
 * side by side, as the CLI's `--private-keys` on SQLite, and sign as the CLI's do (`privateKeyToFastAccount`).
 */
export async function startX402kitFacilitator(
  parameters: StartFacilitatorParameters,
): Promise<RunningService> {
  const logger = pino({ level: "silent" });
  const options = parameters.x402kit ?? { store: "memory", pollingIntervalMs: receiptPollingIntervalMs };
  const directory = options.store === "sqlite" ? mkdtempSync(join(tmpdir(), "x402kit-bench-")) : undefined;
  const store = directory
    ? createSqliteStore({ path: join(directory, "facilitator.db") })
    : createMemoryStore();
  // As the CLI's: libsecp256k1 signs the settlement transactions when it is installed.
  const signers = [parameters.privateKey, ...(options.moreSignerKeys ?? [])].map((key) =>
    privateKeyToFastAccount(key),
  );
  const facilitator = createFacilitator({
    logger,
    store,
    schemes: [
      exactEvmFacilitator({
        networks: {
          [parameters.chain.network]: {
            rpcUrl: parameters.chain.rpcUrl,
            signer: signers,
            batchSettlement: parameters.batchSettler
              ? { settler: parameters.batchSettler, maxWaitMs: options.batchMaxWaitMs }
              : undefined,
          },
        },
        nonceStore: store,
        pollingIntervalMs: options.pollingIntervalMs,
      }),
    ],
  });
  await facilitator.recover();
  const server = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      if (directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}
