import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";

/** The CLI's options: flag, environment variable, and what it means (printed by `--help`). */
export const cliOptions = {
  rpcUrl: { flag: "rpc-url", env: "X402KIT_RPC_URL", help: "JSON-RPC URL of the chain (required)" },
  privateKey: {
    flag: "private-key",
    env: "X402KIT_PRIVATE_KEY",
    help: "0x-prefixed key of the account that sends settlements and pays gas (required; never logged)",
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
    help: "sqlite:PATH | memory (default sqlite:<data-dir>/facilitator.db); postgres:URL is not available yet",
  },
  dataDir: {
    flag: "data-dir",
    env: "X402KIT_DATA_DIR",
    help: "directory for the default store (default .x402kit)",
  },
  instanceId: {
    flag: "instance-id",
    env: "X402KIT_INSTANCE_ID",
    help: "this instance's name in the store; stable across restarts (default the host name)",
  },
  logLevel: {
    flag: "log-level",
    env: "X402KIT_LOG_LEVEL",
    help: "fatal|error|warn|info|debug|trace|silent (default info)",
  },
} as const;

type OptionName = keyof typeof cliOptions;

const storeSchema = z.string().transform((value, context) => {
  if (value === "memory") return { kind: "memory" as const };
  if (value.startsWith("sqlite:") && value.length > "sqlite:".length)
    return { kind: "sqlite" as const, path: value.slice("sqlite:".length) };
  context.addIssue({
    code: "custom",
    message: value.startsWith("postgres:")
      ? "the PostgreSQL store is not available yet; use sqlite:PATH or memory"
      : "must be sqlite:PATH or memory",
  });
  return z.NEVER;
});

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`),
});

/** The CLI's configuration, after defaults. */
export const cliConfigSchema = z
  .object({
    rpcUrl: z.string(required("an http(s) URL")).regex(/^https?:\/\/\S+$/, "must be an http(s) URL"),
    privateKey: z
      .string(required("a 0x-prefixed 32-byte hex key"))
      .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex key"),
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
    dataDir: z.string().min(1).default(".x402kit"),
    instanceId: z.string().min(1).max(200).optional(),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .transform(({ store, ...config }) => ({
    ...config,
    store: store ?? { kind: "sqlite" as const, path: join(config.dataDir, "facilitator.db") },
  }));

export type CliConfig = z.infer<typeof cliConfigSchema>;

export type ParseCliConfigReturnType =
  | { ok: true; config: CliConfig }
  | { ok: true; help: true }
  | { ok: false; message: string };

/** The `--help` text. */
export function cliUsage(): string {
  const lines = Object.values(cliOptions).map(
    ({ flag, env, help }) => `  --${flag.padEnd(14)} ${env.padEnd(22)} ${help}`,
  );
  return [
    "x402kit-facilitator: an x402 facilitator (POST /verify, POST /settle, GET /supported, GET /healthz)",
    "",
    "Usage: x402kit-facilitator --rpc-url URL --private-key 0x... [options]",
    "",
    "  flag             environment            meaning",
    ...lines,
    "  --help                                  print this and exit",
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
          Object.values(cliOptions).map(({ flag }) => [flag, { type: "string" as const }]),
        ),
      },
    }).values;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (values.help) return { ok: true, help: true };

  const raw: Partial<Record<OptionName, string>> = {};
  for (const [name, { flag, env: variable }] of Object.entries(cliOptions) as [
    OptionName,
    (typeof cliOptions)[OptionName],
  ][]) {
    const value = values[flag] ?? env[variable];
    if (typeof value === "string" && value !== "") raw[name] = value;
  }
  const parsed = cliConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const option = cliOptions[issue.path[0] as OptionName];
    return option ? `  --${option.flag} (${option.env}): ${issue.message}` : `  ${issue.message}`;
  });
  return { ok: false, message: `invalid configuration:\n${problems.join("\n")}` };
}
