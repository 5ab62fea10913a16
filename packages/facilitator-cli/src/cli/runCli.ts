import { hostname } from "node:os";
import { createMemoryStore, type FacilitatorStore, type SchemeFacilitator, X402Error } from "@x402kit/core";
import {
  createApiKey,
  createFacilitator,
  createFacilitatorServer,
  createSqliteStore,
  FacilitatorConfigError,
  type SignerPool,
} from "@x402kit/facilitator";
import { pino } from "pino";
import { createClient, fallback, http } from "viem";
import { getChainId } from "viem/actions";
import { createRedactor } from "../config/createRedactor.js";
import type { FacilitatorConfig } from "../config/facilitatorConfigSchema.js";
import { importOptionalPackage } from "../config/importOptionalPackage.js";
import { describeUrl } from "../config/secretSchema.js";
import { type ConsoleTelemetry, createConsoleTelemetry } from "../telemetry/createConsoleTelemetry.js";
import { cliUsage, loadCliConfig, readCliOptions } from "./parseCliConfig.js";

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

/** The store's description for the logs: a PostgreSQL URL by its host only. */
function describeStore(store: FacilitatorConfig["store"]): string {
  if (store.kind === "memory") return "memory";
  if (store.kind === "sqlite") return `sqlite:${store.path}`;
  return `postgres:${describeUrl(store.url)} (schema ${store.schema})`;
}

async function openStore(
  config: FacilitatorConfig,
  instanceId: string | undefined,
): Promise<FacilitatorStore> {
  const { store } = config;
  if (store.kind === "memory") return createMemoryStore();
  if (store.kind === "sqlite") return createSqliteStore({ path: store.path });
  // PostgreSQL's driver is an optional peer: loaded only when the configuration asks for it.
  const { createPostgresStore } = await importOptionalPackage({
    name: "@x402kit/store-postgres",
    neededBy: `the store ${describeStore(store)}`,
    load: () => import("@x402kit/store-postgres"),
  });
  return createPostgresStore({ connectionString: store.url, schema: store.schema, instanceId }).catch(
    (error: unknown) => {
      // The driver's message may quote the URL; say what failed without it.
      const code = error instanceof X402Error ? ` (${error.code})` : "";
      throw new Error(`cannot open the postgres store at ${describeStore(store)}${code}`, { cause: error });
    },
  );
}

/** The chain id behind the flags' RPC endpoints (the first that answers). */
async function chainIdOf(urls: readonly string[]): Promise<number> {
  const transports = urls.map((url) => http(url, { timeout: 5_000, retryCount: 0 }));
  const client = createClient({ transport: transports.length === 1 ? transports[0]! : fallback(transports) });
  return getChainId(client).catch((error: unknown) => {
    throw new Error(`cannot reach the RPC at ${urls.map(describeUrl).join(", ")}`, { cause: error });
  });
}

/**
 * The `x402kit-facilitator` command: reads the configuration (a file, or the flags for one network), opens the
 * store, wires each chain family's schemes (EVM: exact and upto, one nonce manager, a signer pool leased through the
 * store), binds its port, then resumes unfinished settlements (`recover()`) and serves HTTP until `stopSignal`, then
 * shuts down gracefully. The port is bound before recovery, so a second instance started on a busy port by mistake
 * resolves nothing. Reports every problem as a readable line on stderr and an exit code. Every output (logs, stderr,
 * HTTP answers, spans) goes through a redactor of the secrets read: private keys, and the credentials in RPC and
 * database URLs, are never printed.
 */
export async function runCli(parameters: RunCliParameters): RunCliReturnType {
  const stdout = parameters.stdout ?? ((text) => process.stdout.write(`${text}\n`));
  const rawStderr = parameters.stderr ?? ((text) => process.stderr.write(`${text}\n`));
  const usage = "\n\nRun x402kit-facilitator --help for the options.";
  const read = readCliOptions(parameters.argv, parameters.env);
  if (!read.ok) {
    rawStderr(`x402kit-facilitator: ${read.message}${usage}`);
    return 2;
  }
  if ("help" in read) {
    stdout(cliUsage());
    return 0;
  }
  if ("newApiKey" in read) {
    const { key, sha256 } = createApiKey();
    stdout(
      [
        `key:    ${key}`,
        `sha256: ${sha256}`,
        "",
        "Give the key to the caller (once; it is not stored). Store only its hash: a line `NAME SHA256` in",
        'the --api-keys-file, or { "name": NAME, "sha256": SHA256 } in the config file\'s apiKeys.keys.',
      ].join("\n"),
    );
    return 0;
  }
  const loaded = await loadCliConfig({ options: read.options, env: parameters.env, chainIdOf });
  // The secrets are known once the configuration is read, valid or not: from here on, every output is redacted.
  const redact = createRedactor(loaded.ok ? loaded.context.secrets : []);
  const stderr = (text: string) => rawStderr(redact(text));
  if (!loaded.ok) {
    const unreachable = loaded.message.startsWith("cannot reach");
    stderr(`x402kit-facilitator: ${loaded.message}${unreachable ? "" : usage}`);
    return unreachable ? 1 : 2;
  }
  const { config } = loaded;
  const logger = pino({
    level: config.logLevel,
    name: "x402kit-facilitator",
    hooks: { streamWrite: redact },
  });
  if (
    read.options.privateKey !== undefined &&
    parameters.argv.some((arg) => arg.startsWith("--private-key=") || arg === "--private-key")
  )
    logger.warn("--private-key shows in the process list: use --private-key-file or X402KIT_PRIVATE_KEY");

  let store: FacilitatorStore | undefined;
  let telemetry: ConsoleTelemetry | undefined;
  try {
    // Instances sharing a PostgreSQL store need distinct names: each leases its own signer under its name.
    const instanceId =
      config.instanceId ?? (config.store.kind === "postgres" ? `${hostname()}:${process.pid}` : undefined);
    store = await openStore(config, instanceId);
    telemetry = config.otel
      ? createConsoleTelemetry({ write: (line) => process.stderr.write(`${redact(line)}\n`) })
      : undefined;
    const schemes: SchemeFacilitator[] = [];
    const healthChecks: Record<string, () => Promise<unknown>> = {};
    const described: Record<string, unknown>[] = [];
    let signerPool: SignerPool | undefined;
    for (const { family, networks, signers } of config.families) {
      const wired = await family.wire({
        networks,
        signers,
        store,
        logger,
        signerLeaseMs: config.signerLeaseMs,
      });
      schemes.push(...wired.schemes);
      Object.assign(healthChecks, wired.healthChecks);
      described.push(wired.describe);
      if (wired.signerPool && signerPool)
        throw new FacilitatorConfigError("only one chain family may lease signers from the store");
      signerPool ??= wired.signerPool;
    }
    const facilitator = createFacilitator({
      schemes,
      store,
      signerPool,
      logger,
      instanceId,
      healthChecks,
      telemetry: telemetry && { tracer: telemetry.tracer, meter: telemetry.meter },
      retention: config.retention,
      policy: config.policy,
    });
    // Bind first: on a busy port nothing below runs, and no settlement of another instance is touched.
    const server = await createFacilitatorServer({
      facilitator,
      logger,
      metrics: telemetry?.metrics,
      redact,
      apiKeys: config.apiKeys,
      limits: config.limits,
      timeouts: config.timeouts,
    })
      .listen({ port: config.server.port, host: config.server.host })
      .catch(async (error: unknown) => {
        await facilitator.close().catch(() => undefined);
        store = undefined;
        throw error;
      });
    try {
      await facilitator.recover();
    } catch (error) {
      await server.close();
      store = undefined;
      throw error;
    }
    logger.info(
      {
        url: server.url,
        ...Object.assign({}, ...described),
        network: Object.keys(Object.assign({}, ...described.map((entry) => entry.networks))).join(","),
        signer: signerPool?.current(),
        store: describeStore(config.store),
        instanceId: facilitator.instanceId,
        otel: config.otel,
        apiKeys: config.apiKeys ? config.apiKeys.keys.map((key) => key.name) : "off",
        openRoutes: config.apiKeys?.open,
        limits: config.limits,
        policy: config.policy,
      },
      "x402kit-facilitator started",
    );
    if (!config.apiKeys && !/^(127\.|::1$|localhost$)/.test(config.server.host))
      logger.warn(
        { host: config.server.host },
        "serving without API keys on a public address: anyone who reaches /settle spends this facilitator's gas",
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
