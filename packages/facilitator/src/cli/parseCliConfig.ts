import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";

type CliOption = { flag: string; env: string; help: string; boolean?: true };

/** The CLI's options: flag, environment variable, and what it means (printed by `--help`). */
export const cliOptions = {
  rpcUrl: { flag: "rpc-url", env: "X402KIT_RPC_URL", help: "JSON-RPC URL of the chain (required)" },
  privateKey: {
    flag: "private-key",
    env: "X402KIT_PRIVATE_KEY",
    help: "0x-prefixed key of the account that sends settlements and pays gas (this or --private-keys; never logged)",
  },
  privateKeys: {
    flag: "private-keys",
    env: "X402KIT_PRIVATE_KEYS",
    help: "a pool of such keys, comma-separated: with postgres each instance leases one; else exact settles from all",
  },
  port: { flag: "port", env: "X402KIT_PORT", help: "port to listen on (default 4020; 0 picks one)" },
  host: { flag: "host", env: "X402KIT_HOST", help: "address to bind (default 127.0.0.1)" },
  network: {
    flag: "network",
    env: "X402KIT_NETWORK",
    help: "CAIP-2 network served (default eip155:<the RPC's chain id>)",
  },
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
  logLevel: {
    flag: "log-level",
    env: "X402KIT_LOG_LEVEL",
    help: "fatal|error|warn|info|debug|trace|silent (default info)",
  },
} as const satisfies Record<string, CliOption>;

type OptionName = keyof typeof cliOptions;

const storeSchema = z.string().transform((value, context) => {
  if (value === "memory") return { kind: "memory" as const };
  if (value.startsWith("sqlite:") && value.length > "sqlite:".length)
    return { kind: "sqlite" as const, path: value.slice("sqlite:".length) };
  // postgres:postgres://…, or the URL alone.
  const url = /^postgres(ql)?:\/\//.test(value) ? value : value.replace(/^postgres:/, "");
  if (value.startsWith("postgres") && /^postgres(ql)?:\/\/[^\s/]/.test(url) && URL.canParse(url))
    return { kind: "postgres" as const, url };
  context.addIssue({
    code: "custom",
    message: value.startsWith("postgres")
      ? "must be postgres:postgres://user:password@host:port/database"
      : "must be sqlite:PATH, postgres:URL or memory",
  });
  return z.NEVER;
});

const hexKey = /^0x[0-9a-fA-F]{64}$/;
const keyMessage = "must be a 0x-prefixed 32-byte hex key";

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`),
});

const booleanSchema = z.union([z.literal(true), z.string()]).transform((value, context) => {
  if (value === true || /^(1|true|on|yes|console)$/i.test(value)) return true;
  if (/^(0|false|off|no)$/i.test(value)) return false;
  context.addIssue({ code: "custom", message: "must be on or off" });
  return z.NEVER;
});

/** The CLI's configuration, after defaults. */
export const cliConfigSchema = z
  .object({
    rpcUrl: z.string(required("an http(s) URL")).regex(/^https?:\/\/\S+$/, "must be an http(s) URL"),
    privateKey: z.string().regex(hexKey, keyMessage).optional(),
    privateKeys: z
      .string()
      .transform((value, context) => {
        const keys = value.split(/[\s,]+/).filter((key) => key !== "");
        keys.forEach((key, index) => {
          if (!hexKey.test(key))
            context.addIssue({ code: "custom", message: `key ${index + 1}: ${keyMessage}` });
        });
        if (keys.length === 0) context.addIssue({ code: "custom", message: "give at least one key" });
        if (new Set(keys.map((key) => key.toLowerCase())).size !== keys.length)
          context.addIssue({ code: "custom", message: "the keys must be distinct" });
        return keys;
      })
      .optional(),
    port: z.coerce
      .number({ error: "must be a port number (0 to 65535)" })
      .int("must be a port number (0 to 65535)")
      .min(0, "must be a port number (0 to 65535)")
      .max(65_535, "must be a port number (0 to 65535)")
      .default(4020),
    host: z.string().min(1).default("127.0.0.1"),
    network: z
      .string()
      .regex(/^eip155:[1-9]\d{0,18}$/, "must be an EVM CAIP-2 id like eip155:8453")
      .optional(),
    store: storeSchema.optional(),
    postgresSchema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier")
      .default("x402kit"),
    dataDir: z.string().min(1).default(".x402kit"),
    instanceId: z.string().min(1).max(200).optional(),
    signerLeaseMs: z.coerce
      .number({ error: "must be a number of milliseconds (1000 to 3600000)" })
      .int("must be a number of milliseconds (1000 to 3600000)")
      .min(1_000, "must be a number of milliseconds (1000 to 3600000)")
      .max(3_600_000, "must be a number of milliseconds (1000 to 3600000)")
      .default(15_000),
    otel: booleanSchema.default(false),
    retainDays: z.coerce
      .number({ error: "must be a number of days (0 to 3650)" })
      .int("must be a whole number of days (0 to 3650)")
      .min(0, "must be a number of days (0 to 3650)")
      .max(3_650, "must be a number of days (0 to 3650)")
      .default(30),
    batchSettler: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address")
      .optional(),
    batchMaxSize: z.coerce
      .number({ error: "must be a whole number from 1 to 500" })
      .int("must be a whole number from 1 to 500")
      .min(1, "must be a whole number from 1 to 500")
      .max(500, "must be a whole number from 1 to 500")
      .default(50),
    batchMaxWaitMs: z.coerce
      .number({ error: "must be a number of milliseconds (0 to 60000)" })
      .min(0, "must be a number of milliseconds (0 to 60000)")
      .max(60_000, "must be a number of milliseconds (0 to 60000)")
      .default(200),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  // Checked even when other options are wrong (`when`), so that every problem is reported at once.
  .refine((config) => config.privateKey !== undefined || config.privateKeys !== undefined, {
    path: ["privateKey"],
    message: "is required (or --private-keys)",
    when: () => true,
  })
  .refine((config) => config.privateKey === undefined || config.privateKeys === undefined, {
    path: ["privateKeys"],
    message: "give --private-key or --private-keys, not both",
    when: () => true,
  })
  .transform(
    ({
      store,
      privateKey,
      privateKeys,
      postgresSchema,
      batchSettler,
      batchMaxSize,
      batchMaxWaitMs,
      retainDays,
      ...config
    }) => ({
      ...config,
      /** Undefined: keep every record. */
      retention: retainDays > 0 ? { finishedMs: retainDays * 86_400_000 } : undefined,
      batchSettlement: batchSettler
        ? { settler: batchSettler as `0x${string}`, maxSize: batchMaxSize, maxWaitMs: batchMaxWaitMs }
        : undefined,
      /** One key, or the pool. */
      privateKeys: privateKeys ?? [privateKey!],
      store:
        store?.kind === "postgres"
          ? { ...store, schema: postgresSchema }
          : (store ?? { kind: "sqlite" as const, path: join(config.dataDir, "facilitator.db") }),
    }),
  );

export type CliConfig = z.infer<typeof cliConfigSchema>;

export type ParseCliConfigReturnType =
  | { ok: true; config: CliConfig }
  | { ok: true; help: true }
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
    "Usage: x402kit-facilitator --rpc-url URL --private-key 0x... [options]",
    "",
    row("flag", "environment", "meaning"),
    ...options.map(({ flag, env, help }) => row(`--${flag}`, env, help)),
    row("--help", "", "print this and exit"),
    "",
    "A flag wins over its environment variable.",
  ].join("\n");
}

/**
 * Reads the CLI's flags and environment into a validated configuration (flags win over the environment). Never
 * throws; a bad configuration gives a readable message naming the flag and the variable, never a value.
 */
export function parseCliConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParseCliConfigReturnType {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(
          Object.values(cliOptions).map((option: CliOption) => [
            option.flag,
            { type: option.boolean ? ("boolean" as const) : ("string" as const) },
          ]),
        ),
      },
    }).values;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (values.help) return { ok: true, help: true };

  const raw: Partial<Record<OptionName, string | true>> = {};
  for (const [name, { flag, env: variable }] of Object.entries(cliOptions) as [
    OptionName,
    (typeof cliOptions)[OptionName],
  ][]) {
    const value = values[flag] ?? env[variable];
    if ((typeof value === "string" && value !== "") || value === true) raw[name] = value;
  }
  const parsed = cliConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const option = cliOptions[issue.path[0] as OptionName];
    return option ? `  --${option.flag} (${option.env}): ${issue.message}` : `  ${issue.message}`;
  });
  return { ok: false, message: `invalid configuration:\n${problems.join("\n")}` };
}
