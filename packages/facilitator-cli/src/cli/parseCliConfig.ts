import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type ConfigContext, createConfigContext } from "../config/configContext.js";
import {
  type FacilitatorConfig,
  facilitatorConfigSchema,
  formatConfigPath,
} from "../config/facilitatorConfigSchema.js";

type CliOption = { flag: string; env: string; help: string; boolean?: true };

/** The CLI's options: flag, environment variable, and what it means (printed by `--help`). */
export const cliOptions = {
  config: {
    flag: "config",
    env: "X402KIT_CONFIG",
    help: "a JSON config file (networks, signers, store, …; see the README); the flags below then only override its server, store and log settings",
  },
  rpcUrl: {
    flag: "rpc-url",
    env: "X402KIT_RPC_URL",
    help: "JSON-RPC URL of the chain; several, comma-separated, fail over in order (required without --config)",
  },
  privateKeyFile: {
    flag: "private-key-file",
    env: "X402KIT_PRIVATE_KEY_FILE",
    help: "file holding the 0x-prefixed key of the account that sends settlements and pays gas",
  },
  privateKey: {
    flag: "private-key",
    env: "X402KIT_PRIVATE_KEY",
    help: "that key itself: prefer the variable or --private-key-file (a flag shows in the process list)",
  },
  privateKeys: {
    flag: "private-keys",
    env: "X402KIT_PRIVATE_KEYS",
    help: "a pool of such keys, comma-separated: with postgres each instance leases one; else exact settles from all",
  },
  network: {
    flag: "network",
    env: "X402KIT_NETWORK",
    help: "CAIP-2 network served (default eip155:<the RPC's chain id>)",
  },
  asset: {
    flag: "asset",
    env: "X402KIT_ASSETS",
    help: "token addresses to settle, comma-separated (default: Circle's USDC where known; required elsewhere)",
  },
  port: { flag: "port", env: "X402KIT_PORT", help: "port to listen on (default 4020; 0 picks one)" },
  host: { flag: "host", env: "X402KIT_HOST", help: "address to bind (default 127.0.0.1)" },
  store: {
    flag: "store",
    env: "X402KIT_STORE",
    help: "sqlite:PATH | postgres:URL | memory (default sqlite:<data-dir>/facilitator.db)",
  },
  postgresSchema: {
    flag: "postgres-schema",
    env: "X402KIT_POSTGRES_SCHEMA",
    help: "schema of the postgres store's tables (default x402kit)",
  },
  dataDir: {
    flag: "data-dir",
    env: "X402KIT_DATA_DIR",
    help: "directory for the default store (default .x402kit)",
  },
  instanceId: {
    flag: "instance-id",
    env: "X402KIT_INSTANCE_ID",
    help: "this instance's name in the store, unique per instance, stable across restarts (default the host name; host:pid with postgres)",
  },
  signerLeaseMs: {
    flag: "signer-lease-ms",
    env: "X402KIT_SIGNER_LEASE_MS",
    help: "how long a signer lease lasts unless renewed (postgres; default 15000)",
  },
  otel: {
    flag: "otel",
    env: "X402KIT_OTEL",
    help: "OpenTelemetry: spans as JSON lines on stderr, metrics at GET /metrics (default off)",
    boolean: true,
  },
  retainDays: {
    flag: "retain-days",
    env: "X402KIT_RETAIN_DAYS",
    help: "forget finished settlement records this many days after they finished (default 30; 0 keeps them all)",
  },
  batchSettler: {
    flag: "batch-settler",
    env: "X402KIT_BATCH_SETTLER",
    help: "address of an X402BatchSettler: settle EOAs' EIP-3009 payments in batches (default off)",
  },
  batchMaxSize: {
    flag: "batch-max-size",
    env: "X402KIT_BATCH_MAX_SIZE",
    help: "payments in one batch at most (default 50)",
  },
  batchMaxWaitMs: {
    flag: "batch-max-wait-ms",
    env: "X402KIT_BATCH_MAX_WAIT_MS",
    help: "how long a payment waits for others before its batch leaves (default 200)",
  },
  apiKeysFile: {
    flag: "api-keys-file",
    env: "X402KIT_API_KEYS_FILE",
    help: "file of API keys, one `NAME SHA256` line each (--new-api-key makes one); callers send `Authorization: Bearer <key>`",
  },
  apiKeys: {
    flag: "api-keys",
    env: "X402KIT_API_KEYS",
    help: "API keys as NAME:SHA256 entries, comma-separated (with or instead of --api-keys-file)",
  },
  openRoutes: {
    flag: "open-routes",
    env: "X402KIT_OPEN_ROUTES",
    help: "routes served without a key: supported, discovery, healthz, metrics, comma-separated (default none)",
  },
  rateLimitIp: {
    flag: "rate-limit-ip",
    env: "X402KIT_RATE_LIMIT_IP",
    help: "requests per minute per client address, on every route (default no limit)",
  },
  rateLimitKey: {
    flag: "rate-limit-key",
    env: "X402KIT_RATE_LIMIT_KEY",
    help: "requests per minute per API key (default no limit)",
  },
  maxSettlementsInFlight: {
    flag: "max-settlements-in-flight",
    env: "X402KIT_MAX_SETTLEMENTS_IN_FLIGHT",
    help: "settlements processed at once; more get 429 (default no cap)",
  },
  trustProxyHops: {
    flag: "trust-proxy-hops",
    env: "X402KIT_TRUST_PROXY_HOPS",
    help: "behind a TLS proxy: proxies that append to X-Forwarded-For (default 0: the socket's address)",
  },
  logLevel: {
    flag: "log-level",
    env: "X402KIT_LOG_LEVEL",
    help: "fatal|error|warn|info|debug|trace|silent (default info)",
  },
} as const satisfies Record<string, CliOption>;

export type CliOptionName = keyof typeof cliOptions;

/** The options given, as flags or variables (a flag wins), before validation. */
export type CliOptions = Partial<Record<CliOptionName, string>>;

/** The options that define the network; with `--config`, the file does. */
const networkOptions = [
  "rpcUrl",
  "privateKey",
  "privateKeyFile",
  "privateKeys",
  "network",
  "asset",
  "batchSettler",
  "batchMaxSize",
  "batchMaxWaitMs",
] as const satisfies readonly CliOptionName[];

export type ReadCliOptionsReturnType =
  | { ok: true; options: CliOptions }
  | { ok: true; help: true }
  | { ok: true; newApiKey: true }
  | { ok: false; message: string };

/** The `--help` text. */
export function cliUsage(): string {
  const options = Object.values(cliOptions);
  const flagWidth = Math.max(...options.map(({ flag }) => flag.length)) + 2;
  const envWidth = Math.max(...options.map(({ env }) => env.length));
  const row = (flag: string, env: string, help: string) =>
    `  ${flag.padEnd(flagWidth)} ${env.padEnd(envWidth)} ${help}`;
  return [
    "x402kit-facilitator: an x402 facilitator (POST /verify, POST /settle, GET /supported, GET /healthz)",
    "",
    "Usage: x402kit-facilitator --config facilitator.json",
    "       x402kit-facilitator --new-api-key   (prints a new API key and the line to store)",
    "       X402KIT_PRIVATE_KEY_FILE=key.txt x402kit-facilitator --rpc-url URL [--asset 0x…] [options]",
    "",
    row("flag", "environment", "meaning"),
    ...options.map(({ flag, env, help }) => row(`--${flag}`, env, help)),
    row("--new-api-key", "", "print a new API key and its `NAME SHA256` line, and exit"),
    row("--help", "", "print this and exit"),
    "",
    "A flag wins over its environment variable.",
  ].join("\n");
}

/** Reads the flags and the environment (a flag wins). Never throws; refuses unknown flags and positionals. */
export function readCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ReadCliOptionsReturnType {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        "new-api-key": { type: "boolean" },
        ...Object.fromEntries(
          Object.values(cliOptions).map((option: CliOption) => [
            option.flag,
            { type: option.boolean ? ("boolean" as const) : ("string" as const) },
          ]),
        ),
      },
    }).values;
  } catch (error) {
    // node:util names the flag; a value is never part of its message.
    return { ok: false, message: (error as Error).message };
  }
  if (values.help) return { ok: true, help: true };
  if (values["new-api-key"]) return { ok: true, newApiKey: true };
  const options: CliOptions = {};
  for (const [name, { flag, env: variable }] of Object.entries(cliOptions) as [CliOptionName, CliOption][]) {
    const value = values[flag] ?? env[variable];
    if (value === true) options[name] = "on";
    else if (typeof value === "string" && value !== "") options[name] = value;
  }
  return { ok: true, options };
}

const numeric = (value: string | undefined) =>
  value === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
const onOff = (value: string | undefined) =>
  value === undefined
    ? undefined
    : /^(1|true|on|yes|console)$/i.test(value)
      ? true
      : /^(0|false|off|no)$/i.test(value)
        ? false
        : value;
const list = (value: string) => value.split(/[\s,]+/).filter((item) => item !== "");

/** The settings that the flags override in a config file (and set without one). */
function commonInput(options: CliOptions) {
  const postgres = options.store?.replace(/^postgres:(?=postgres(ql)?:\/\/)/, "");
  const store =
    options.postgresSchema && postgres && /^postgres(ql)?:\/\//.test(postgres)
      ? { postgres, schema: options.postgresSchema }
      : options.store;
  const apiKeys = {
    ...(options.apiKeysFile ? { file: resolve(options.apiKeysFile) } : {}),
    ...(options.apiKeys ? { env: cliOptions.apiKeys.env } : {}),
    ...(options.openRoutes ? { open: list(options.openRoutes) } : {}),
  };
  const limits = {
    ...(options.rateLimitIp ? { perIp: { perMinute: numeric(options.rateLimitIp) } } : {}),
    ...(options.rateLimitKey ? { perKey: { perMinute: numeric(options.rateLimitKey) } } : {}),
    ...(options.maxSettlementsInFlight
      ? { settlementsInFlight: numeric(options.maxSettlementsInFlight) }
      : {}),
    ...(options.trustProxyHops ? { trustProxyHops: numeric(options.trustProxyHops) } : {}),
  };
  return {
    ...(options.host || options.port ? { server: { host: options.host, port: numeric(options.port) } } : {}),
    ...(Object.keys(apiKeys).length > 0 ? { apiKeys } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    store,
    dataDir: options.dataDir,
    instanceId: options.instanceId,
    signerLeaseMs: numeric(options.signerLeaseMs),
    retainDays: numeric(options.retainDays),
    logLevel: options.logLevel,
    otel: onOff(options.otel),
  };
}

/**
 * The configuration that the flags describe: one EVM network, its RPC endpoints and assets, and its signer. Keys
 * are read through the environment or the file (`--private-key` goes in as `X402KIT_PRIVATE_KEY`), never written in
 * the configuration.
 */
export function cliConfigInput(options: CliOptions, network: string): Record<string, unknown> {
  const privateKey = options.privateKeyFile
    ? { privateKey: { file: options.privateKeyFile } }
    : options.privateKey
      ? { privateKey: { env: cliOptions.privateKey.env } }
      : {};
  return {
    ...commonInput(options),
    signers: {
      eip155: {
        ...privateKey,
        ...(options.privateKeys ? { privateKeys: { env: cliOptions.privateKeys.env } } : {}),
      },
    },
    networks: {
      [network]: {
        rpc: list(options.rpcUrl ?? ""),
        ...(options.asset ? { assets: list(options.asset) } : {}),
        ...(options.batchSettler
          ? {
              batchSettlement: {
                settler: options.batchSettler,
                maxSize: numeric(options.batchMaxSize),
                maxWaitMs: numeric(options.batchMaxWaitMs),
              },
            }
          : {}),
      },
    },
  };
}

/** Which option a configuration field came from, for the flags' messages. */
function optionOf(path: readonly PropertyKey[], options: CliOptions): CliOptionName | undefined {
  const [head, second, third, fourth] = path.map(String);
  if (head === "server") return second === "host" ? "host" : "port";
  if (head === "apiKeys")
    return second === "open" ? "openRoutes" : second === "env" ? "apiKeys" : "apiKeysFile";
  if (head === "limits")
    return second === "perIp"
      ? "rateLimitIp"
      : second === "perKey"
        ? "rateLimitKey"
        : second === "trustProxyHops"
          ? "trustProxyHops"
          : "maxSettlementsInFlight";
  if (head === "store") return third === "schema" || second === "schema" ? "postgresSchema" : "store";
  if (head === "signers") {
    if (third === "privateKeys") return "privateKeys";
    return options.privateKeyFile ? "privateKeyFile" : "privateKey";
  }
  if (head === "networks") {
    if (third === "rpc") return "rpcUrl";
    if (third === "assets") return "asset";
    if (third === "batchSettlement")
      return fourth === "maxSize"
        ? "batchMaxSize"
        : fourth === "maxWaitMs"
          ? "batchMaxWaitMs"
          : "batchSettler";
    return "network";
  }
  return head !== undefined && head in cliOptions ? (head as CliOptionName) : undefined;
}

export type LoadCliConfigParameters = {
  options: CliOptions;
  env: Readonly<Record<string, string | undefined>>;
  /** The chain id the RPC endpoints serve (asked only when the flags name no network). */
  chainIdOf: (rpcUrls: readonly string[]) => Promise<number>;
  /** Default: `readFileSync` (UTF-8). */
  readFile?: ((path: string) => string) | undefined;
};

export type LoadCliConfigReturnType =
  | { ok: true; config: FacilitatorConfig; context: ConfigContext }
  | { ok: false; message: string };

/**
 * The configuration from `--config FILE` (with the flags that override it) or from the flags alone, validated.
 * Never throws; a problem is reported with the field's path in the file, or with its flag and variable, and never
 * with a value. Every secret read is in `context.secrets`.
 */
export async function loadCliConfig(parameters: LoadCliConfigParameters): Promise<LoadCliConfigReturnType> {
  const { options } = parameters;
  const readFile = parameters.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const problems: string[] = [];
  const fromFlag = (name: CliOptionName, message: string) =>
    `  --${cliOptions[name].flag} (${cliOptions[name].env}): ${message}`;

  let input: Record<string, unknown>;
  let context: ConfigContext;
  if (options.config !== undefined) {
    const path = resolve(options.config);
    for (const name of networkOptions)
      if (options[name] !== undefined)
        problems.push(fromFlag(name, "the config file names the networks and signers; give this there"));
    const file = readConfigFile(path, readFile);
    if (!file.ok)
      return { ok: false, message: `invalid configuration:\n  ${options.config}: ${file.message}` };
    const overrides = Object.fromEntries(
      Object.entries(commonInput(options)).filter(([, value]) => value !== undefined),
    );
    // The flags override a section's fields, not the whole section.
    const merged = Object.fromEntries(
      (["server", "apiKeys", "limits"] as const).flatMap((section) => {
        const value = {
          ...(file.value[section] as object | undefined),
          ...(overrides[section] as object | undefined),
        };
        return Object.keys(value).length > 0 ? [[section, value]] : [];
      }),
    );
    input = { ...file.value, ...overrides, ...merged };
    context = createConfigContext({ env: parameters.env, baseDir: dirname(path), readFile });
    const parsed = facilitatorConfigSchema(context).safeParse(input);
    for (const issue of parsed.success ? [] : parsed.error.issues)
      problems.push(`  ${formatConfigPath(issue.path) || "(the file)"}: ${issue.message}`);
    if (problems.length > 0 || !parsed.success)
      return { ok: false, message: `invalid configuration in ${options.config}:\n${problems.join("\n")}` };
    return { ok: true, config: parsed.data, context };
  }

  // The flags alone: one EVM network. `--private-key` reaches the schema through the environment, as a secret.
  const env = {
    ...parameters.env,
    [cliOptions.privateKey.env]: options.privateKey,
    [cliOptions.privateKeys.env]: options.privateKeys,
  };
  const validate = (network: string) => {
    context = createConfigContext({ env, readFile });
    return facilitatorConfigSchema(context).safeParse(cliConfigInput(options, network));
  };
  const reported = new Set<CliOptionName>();
  const early = (name: CliOptionName, message: string) => {
    reported.add(name);
    problems.push(fromFlag(name, message));
  };
  const report = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => {
    for (const issue of issues) {
      const name = optionOf(issue.path, options);
      if (name && reported.has(name)) continue;
      const signersRoot = issue.path[0] === "signers" && issue.path.length <= 2;
      if (signersRoot && keyConflict) continue;
      const missing = signersRoot || /is not set$|is required/.test(issue.message);
      let message = issue.message;
      if (name === "privateKey" && missing) message = "is required (or --private-keys, --private-key-file)";
      if (name === "network" && issue.path.length === 2 && !/CAIP-2/.test(message))
        message = "must be an EVM CAIP-2 id like eip155:8453";
      const line = name ? fromFlag(name, message) : `  ${formatConfigPath(issue.path)}: ${message}`;
      if (!problems.includes(line)) problems.push(line);
    }
  };
  if (options.rpcUrl === undefined) early("rpcUrl", "is required");
  const keyConflict =
    options.privateKeys !== undefined && (options.privateKey ?? options.privateKeyFile) !== undefined;
  if (options.privateKey !== undefined && options.privateKeyFile !== undefined)
    problems.push(fromFlag("privateKeyFile", "give --private-key-file or --private-key, not both"));
  if (keyConflict) problems.push(fromFlag("privateKeys", "give --private-key or --private-keys, not both"));
  const network = options.network;
  if (network !== undefined && !/^eip155:[1-9]\d{0,18}$/.test(network))
    early("network", "must be an EVM CAIP-2 id like eip155:8453");
  // First without the chain (every problem at once), then on the network that the RPC serves.
  const first = validate(network && problems.length === 0 ? network : "eip155:1");
  if (!first.success) report(first.error.issues);
  if (problems.length > 0) return { ok: false, message: `invalid configuration:\n${problems.join("\n")}` };
  if (network !== undefined)
    return { ok: true, config: (first as { data: FacilitatorConfig }).data, context: context! };
  const rpc = list(options.rpcUrl!);
  let chainId: number;
  try {
    chainId = await parameters.chainIdOf(rpc);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const second = validate(`eip155:${chainId}`);
  if (!second.success) {
    report(second.error.issues);
    return { ok: false, message: `invalid configuration:\n${problems.join("\n")}` };
  }
  return { ok: true, config: second.data, context: context! };
}

/** Reads a JSON config file: its object, or why not (a position in the file, never its text). */
function readConfigFile(
  path: string,
  readFile: (path: string) => string,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: `cannot read the file${code ? ` (${code})` : ""}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: give its line and column only.
    const position = Number(/position (\d+)/.exec((error as Error).message)?.[1]);
    if (!Number.isFinite(position)) return { ok: false, message: "is not valid JSON" };
    const before = text.slice(0, position).split("\n");
    return {
      ok: false,
      message: `is not valid JSON (line ${before.length}, column ${before.at(-1)!.length + 1})`,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, message: "must hold a JSON object" };
  return { ok: true, value: value as Record<string, unknown> };
}
