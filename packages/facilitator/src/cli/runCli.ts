import { createMemoryStore, type FacilitatorStore, X402Error } from "@x402kit/core";
import { exactEvmFacilitator } from "@x402kit/evm";
import { pino } from "pino";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { FacilitatorConfigError } from "../errors/FacilitatorConfigError.js";
import { createFacilitator } from "../facilitator/createFacilitator.js";
import { createFacilitatorServer } from "../server/createFacilitatorServer.js";
import { createSqliteStore } from "../store/createSqliteStore.js";
import { cliUsage, parseCliConfig } from "./parseCliConfig.js";

export type RunCliParameters = {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the service should stop (the CLI passes SIGINT/SIGTERM). */
  stopSignal: Promise<string>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
};

/** The process exit code: 0 after a clean stop or `--help`, 2 for a bad configuration, 1 when start-up failed. */
export type RunCliReturnType = Promise<0 | 1 | 2>;

/**
 * The `x402kit-facilitator` command: reads the configuration, wires the exact EVM scheme with the store as its
 * nonce store, resumes unfinished settlements (`recover()`), serves HTTP until `stopSignal`, then shuts down
 * gracefully. Reports every problem as a readable line on stderr and an exit code; the private key is never
 * printed or logged.
 */
export async function runCli(parameters: RunCliParameters): RunCliReturnType {
  const stdout = parameters.stdout ?? ((text) => process.stdout.write(`${text}\n`));
  const stderr = parameters.stderr ?? ((text) => process.stderr.write(`${text}\n`));
  const parsed = parseCliConfig(parameters.argv, parameters.env);
  if (!parsed.ok) {
    stderr(`x402kit-facilitator: ${parsed.message}\n\nRun x402kit-facilitator --help for the options.`);
    return 2;
  }
  if ("help" in parsed) {
    stdout(cliUsage());
    return 0;
  }
  const config = parsed.config;
  const logger = pino({ level: config.logLevel, name: "x402kit-facilitator" });

  let store: FacilitatorStore | undefined;
  try {
    const signer = privateKeyToAccount(config.privateKey as `0x${string}`);
    const client = createPublicClient({ transport: http(config.rpcUrl, { timeout: 5_000, retryCount: 1 }) });
    const chainId = await client.getChainId().catch((error: unknown) => {
      throw new Error(`cannot reach the RPC at ${new URL(config.rpcUrl).origin}`, { cause: error });
    });
    const network = config.network ?? `eip155:${chainId}`;
    if (network !== `eip155:${chainId}`)
      throw new FacilitatorConfigError(
        `--network ${network} does not match the RPC's chain (eip155:${chainId}).`,
      );

    store =
      config.store.kind === "memory" ? createMemoryStore() : createSqliteStore({ path: config.store.path });
    const facilitator = createFacilitator({
      schemes: [
        exactEvmFacilitator({
          networks: { [network]: { rpcUrl: config.rpcUrl, signer } },
          nonceStore: store,
        }),
      ],
      store,
      logger,
      instanceId: config.instanceId,
      healthChecks: { rpc: () => client.getBlockNumber() },
    });
    await facilitator.recover();
    const server = await createFacilitatorServer({ facilitator, logger }).listen({
      port: config.port,
      host: config.host,
    });
    logger.info(
      {
        url: server.url,
        network,
        signer: signer.address,
        store: config.store.kind === "memory" ? "memory" : `sqlite:${config.store.path}`,
        instanceId: facilitator.instanceId,
      },
      "x402kit-facilitator started",
    );

    const signal = await parameters.stopSignal;
    logger.info({ signal }, "shutting down");
    await server.close();
    return 0;
  } catch (error) {
    await store?.close().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    stderr(`x402kit-facilitator: ${message}${cause.split("\n")[0]}`);
    return error instanceof X402Error && error.code.endsWith("invalid_config") ? 2 : 1;
  }
}
