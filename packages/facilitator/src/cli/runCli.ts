import { hostname } from "node:os";
import { createMemoryStore, type FacilitatorStore, X402Error } from "@x402kit/core";
import { exactEvmFacilitator } from "@x402kit/evm";
import { createPostgresStore } from "@x402kit/store-postgres";
import { uptoEvmFacilitator } from "@x402kit/upto-evm";
import { pino } from "pino";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { FacilitatorConfigError } from "../errors/FacilitatorConfigError.js";
import { createFacilitator } from "../facilitator/createFacilitator.js";
import { createFacilitatorServer } from "../server/createFacilitatorServer.js";
import { createSignerPool } from "../signers/createSignerPool.js";
import { createSqliteStore } from "../store/createSqliteStore.js";
import { type ConsoleTelemetry, createConsoleTelemetry } from "../telemetry/createConsoleTelemetry.js";
import { type CliConfig, cliUsage, parseCliConfig } from "./parseCliConfig.js";

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

/** The store's description for the logs: a PostgreSQL URL without its password. */
function describeStore(store: CliConfig["store"]): string {
  if (store.kind === "memory") return "memory";
  if (store.kind === "sqlite") return `sqlite:${store.path}`;
  const url = new URL(store.url);
  url.password = "";
  return `postgres:${url.toString()} (schema ${store.schema})`;
}

async function openStore(config: CliConfig, instanceId: string | undefined): Promise<FacilitatorStore> {
  const { store } = config;
  if (store.kind === "memory") return createMemoryStore();
  if (store.kind === "sqlite") return createSqliteStore({ path: store.path });
  return createPostgresStore({ connectionString: store.url, schema: store.schema, instanceId }).catch(
    (error: unknown) => {
      // The driver's message may quote the URL; say what failed without it.
      const code = error instanceof X402Error ? ` (${error.code})` : "";
      throw new Error(`cannot open the postgres store at ${describeStore(store)}${code}`, { cause: error });
    },
  );
}

/**
 * The `x402kit-facilitator` command: reads the configuration, opens the store, leases a signer account from the
 * key pool (each instance its own, through a PostgreSQL store), wires the exact and upto EVM schemes (one nonce
 * manager, the store as its nonce store), resumes unfinished settlements (`recover()`), serves HTTP until
 * `stopSignal`, then shuts down gracefully. Reports every problem as a readable line on stderr and an exit code; private keys and database
 * passwords are never printed or logged.
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
  let telemetry: ConsoleTelemetry | undefined;
  try {
    const accounts = config.privateKeys.map((key) => privateKeyToAccount(key as `0x${string}`));
    const client = createPublicClient({ transport: http(config.rpcUrl, { timeout: 5_000, retryCount: 1 }) });
    const chainId = await client.getChainId().catch((error: unknown) => {
      throw new Error(`cannot reach the RPC at ${new URL(config.rpcUrl).origin}`, { cause: error });
    });
    const network = config.network ?? `eip155:${chainId}`;
    if (network !== `eip155:${chainId}`)
      throw new FacilitatorConfigError(
        `--network ${network} does not match the RPC's chain (eip155:${chainId}).`,
      );

    // Instances sharing a PostgreSQL store need distinct names: each leases its own signer under its name.
    const instanceId =
      config.instanceId ?? (config.store.kind === "postgres" ? `${hostname()}:${process.pid}` : undefined);
    store = await openStore(config, instanceId);
    telemetry = config.otel
      ? createConsoleTelemetry({ write: (line) => process.stderr.write(`${line}\n`) })
      : undefined;
    const signerPool = createSignerPool({ accounts, leaseTtlMs: config.signerLeaseMs });
    const served = { rpcUrl: config.rpcUrl, signer: signerPool.signer };
    const networks = { [network]: served };
    // One process owns a SQLite or memory store and all the keys: exact settles from every one of them side by side
    // (issue 16). With PostgreSQL each instance leases one. upto settles from the first (its authorizations name it).
    const exactSigners =
      config.store.kind === "postgres" ? signerPool.signer : [signerPool.signer, ...accounts.slice(1)];
    const exact = exactEvmFacilitator({
      networks: { [network]: { ...served, signer: exactSigners, batchSettlement: config.batchSettlement } },
      nonceStore: store,
    });
    const facilitator = createFacilitator({
      // Both schemes settle from the leased account: one nonce manager, so their transactions never collide.
      schemes: [exact, uptoEvmFacilitator({ networks, nonceManager: exact.nonceManager })],
      store,
      signerPool,
      logger,
      instanceId,
      healthChecks: { rpc: () => client.getBlockNumber() },
      telemetry: telemetry && { tracer: telemetry.tracer, meter: telemetry.meter },
      retention: config.retention,
    });
    await facilitator.recover();
    const server = await createFacilitatorServer({ facilitator, logger, metrics: telemetry?.metrics }).listen(
      {
        port: config.port,
        host: config.host,
      },
    );
    logger.info(
      {
        url: server.url,
        network,
        signer: signerPool.current(),
        signers: accounts.length,
        store: describeStore(config.store),
        instanceId: facilitator.instanceId,
        otel: config.otel,
      },
      "x402kit-facilitator started",
    );

    const signal = await parameters.stopSignal;
    logger.info({ signal }, "shutting down");
    await server.close();
    await telemetry?.shutdown();
    return 0;
  } catch (error) {
    await store?.close().catch(() => undefined);
    await telemetry?.shutdown();
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    stderr(`x402kit-facilitator: ${message}${cause.split("\n")[0]}`);
    return error instanceof X402Error && error.code.endsWith("invalid_config") ? 2 : 1;
  }
}
