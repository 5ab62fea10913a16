import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { apiKeysSchema } from "./apiKeysSchema.js";
import type { ConfigContext } from "./configContext.js";
import { networkFamilies } from "./families/networkFamilies.js";
import type { NetworkFamily } from "./families/networkFamily.js";
import { secretUrlSchema } from "./secretSchema.js";

const portSchema = z
  .int("must be a port number (0 to 65535)")
  .min(0, "must be a port number (0 to 65535)")
  .max(65_535, "must be a port number (0 to 65535)");

/** The store: `memory`, `sqlite:PATH`, `postgres:URL`, or `{ "sqlite": PATH }`, `{ "postgres": URL, "schema" }`. */
const storeSchema = (context: ConfigContext) => {
  const path = (value: string) => (isAbsolute(value) ? value : resolve(context.baseDir, value));
  const objectForm = z.union([
    z.strictObject({ sqlite: z.string().min(1, "must be a path") }),
    z.strictObject({
      postgres: secretUrlSchema(context, ["postgres:", "postgresql:"]),
      schema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier")
        .default("x402kit"),
    }),
  ]);
  const postgresUrl = secretUrlSchema(context, ["postgres:", "postgresql:"]);
  return z.unknown().transform((value, issue) => {
    const fail = (message: string, path: (string | number)[] = []) => {
      issue.addIssue({ code: "custom", message, path });
      return z.NEVER;
    };
    if (value === "memory") return { kind: "memory" as const };
    if (typeof value === "string") {
      if (/^sqlite:.+/.test(value)) return { kind: "sqlite" as const, path: path(value.slice(7)) };
      const url = postgresUrl.safeParse(value.replace(/^postgres:(?=postgres(ql)?:)/, ""));
      if (/^postgres(ql)?:/.test(value) && url.success)
        return { kind: "postgres" as const, url: url.data, schema: "x402kit" };
      return fail("must be memory, sqlite:PATH or postgres:URL");
    }
    if (typeof value === "object" && value !== null && ("sqlite" in value || "postgres" in value)) {
      const parsed = objectForm.safeParse(value);
      if (!parsed.success) {
        // The union's issues are those of the form the object has (sqlite or postgres).
        const branch = "sqlite" in value ? 0 : 1;
        const union = parsed.error.issues[0] as { errors?: { path: PropertyKey[]; message: string }[][] };
        for (const problem of union.errors?.[branch] ?? parsed.error.issues)
          fail(problem.message, problem.path as (string | number)[]);
        return z.NEVER;
      }
      const store = parsed.data;
      return "sqlite" in store
        ? { kind: "sqlite" as const, path: path(store.sqlite) }
        : { kind: "postgres" as const, url: store.postgres, schema: store.schema };
    }
    return fail('must be "memory", "sqlite:PATH", { "sqlite": PATH } or { "postgres": URL, "schema": NAME }');
  });
};

const rateLimitSchema = z.strictObject({
  perMinute: z.number("must be a number").positive("must be positive").max(6_000_000),
  burst: z.int("must be a whole number").min(1).max(1_000_000).optional(),
});
const millisecondsSchema = z.int("must be a whole number of milliseconds").min(100).max(3_600_000);

const caip2 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/;
const caip2Pattern = /^[-a-z0-9]{3,8}:([-_a-zA-Z0-9]{1,32}|\*)$/;

/**
 * The facilitator's configuration file (JSON), validated field by field. Every secret (private keys, credentials in
 * RPC and database URLs) comes from a file or the environment and is remembered in `context.secrets`; a network is
 * served by the family of its CAIP-2 namespace (`families`), which validates its settings and its signers.
 */
export function facilitatorConfigSchema(
  context: ConfigContext,
  families: readonly NetworkFamily<unknown, unknown>[] = networkFamilies,
) {
  const byNamespace = new Map(families.map((family) => [family.namespace, family]));
  const namespaces = families.map((family) => family.namespace).join(", ");
  return (
    z
      .strictObject({
        /** An editor's JSON Schema (`x402kit-facilitator --print-config-schema`); ignored. */
        $schema: z.string().optional(),
        server: z
          .strictObject({
            /** Default 127.0.0.1: put a TLS proxy in front to serve the internet. */
            host: z.string().min(1).default("127.0.0.1"),
            /** Default 4020; 0 picks a free port. */
            port: portSchema.default(4020),
          })
          .prefault({}),
        /** API keys: without them every route is open (fine on loopback, never on the internet). */
        apiKeys: apiKeysSchema(context).optional(),
        /** Rate limits (429 with Retry-After) and the cap on settlements in flight. */
        limits: z
          .strictObject({
            perIp: rateLimitSchema.optional(),
            perKey: rateLimitSchema.optional(),
            settlementsInFlight: z.int("must be a whole number").min(1).max(1_000_000).optional(),
            /** Behind a TLS proxy: how many proxies append to X-Forwarded-For (1 for one proxy). */
            trustProxyHops: z.int("must be a whole number").min(0).max(10).optional(),
          })
          .optional(),
        /** How long a client may take to send its headers, its whole request; idle keep-alive. */
        timeouts: z
          .strictObject({
            headersMs: millisecondsSchema.optional(),
            requestMs: millisecondsSchema.optional(),
            keepAliveMs: millisecondsSchema.optional(),
          })
          .optional(),
        /** Which payments to pay gas for, checked before any RPC call or transaction (see SettlementPolicy). */
        policy: z
          .strictObject({
            networks: z
              .array(z.string().regex(caip2Pattern, "must be a CAIP-2 id or pattern (eip155:*)"))
              .optional(),
            assets: z
              .record(z.string(), z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an address")))
              .optional(),
            payToAllow: z.array(z.string().min(1)).optional(),
            payToDeny: z.array(z.string().min(1)).optional(),
            minAmount: z
              .string()
              .regex(/^\d{1,78}$/, "must be atomic units, a decimal string")
              .optional(),
            maxAmount: z
              .string()
              .regex(/^\d{1,78}$/, "must be atomic units, a decimal string")
              .optional(),
            /** The most fees paid, by network, in its native unit (wei, lamports): per settlement, per hour. */
            maxFee: z
              .record(
                z.string().regex(caip2Pattern, "must be a CAIP-2 id or pattern (eip155:*)"),
                z.strictObject({
                  perSettlement: z
                    .string()
                    .regex(/^\d{1,78}$/, "must be atomic units (wei, lamports), a decimal string")
                    .optional(),
                  perHour: z
                    .string()
                    .regex(/^\d{1,78}$/, "must be atomic units (wei, lamports), a decimal string")
                    .optional(),
                }),
              )
              .optional(),
          })
          .optional(),
        /** Default `sqlite:<dataDir>/facilitator.db`. */
        store: storeSchema(context).optional(),
        dataDir: z.string().min(1).default(".x402kit"),
        /** This instance's name in the store: unique per instance, stable across restarts. */
        instanceId: z.string().min(1).max(200).optional(),
        /** How long a signer lease lasts unless renewed (PostgreSQL). */
        signerLeaseMs: z.int("must be a whole number").min(1_000).max(3_600_000).default(15_000),
        /** Forget finished settlement records this many days after they finished; 0 keeps them all. */
        retainDays: z.int("must be a whole number of days").min(0).max(3_650).default(30),
        logLevel: z
          .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
            error: "must be fatal, error, warn, info, debug, trace or silent",
          })
          .default("info"),
        /** OpenTelemetry: spans as JSON lines on stderr, metrics at GET /metrics. */
        otel: z.boolean("must be true or false").default(false),
        /** Each family's signers, by CAIP-2 namespace: `{ "eip155": { "privateKey": { "file": "…" } } }`. */
        signers: z
          .record(z.string(), z.unknown())
          .default({})
          .transform((signers, issue) => {
            const parsed = new Map<string, unknown>();
            for (const [namespace, given] of Object.entries(signers)) {
              const family = byNamespace.get(namespace);
              if (!family) {
                issue.addIssue({
                  code: "custom",
                  path: [namespace],
                  message: `x402kit serves the namespaces ${namespaces} only`,
                });
                continue;
              }
              const result = family.signersSchema(context).safeParse(given);
              if (result.success) parsed.set(namespace, result.data);
              else
                for (const problem of result.error.issues)
                  issue.addIssue({
                    code: "custom",
                    path: [namespace, ...(problem.path as (string | number)[])],
                    message: problem.message,
                  });
            }
            return parsed;
          }),
        /** The networks served, by CAIP-2 id, each with the settings of its family. */
        networks: z.record(z.string(), z.unknown()).transform((networks, issue) => {
          const fail = (path: (string | number)[], message: string) =>
            issue.addIssue({ code: "custom", path, message });
          const served = new Map<NetworkFamily<unknown, unknown>, Record<string, unknown>>();
          const ids = Object.keys(networks);
          if (ids.length === 0) fail([], "name at least one network");
          for (const id of ids) {
            if (!caip2.test(id)) {
              fail([id], "the key must be a CAIP-2 network id, like eip155:8453");
              continue;
            }
            const family = byNamespace.get(id.split(":")[0]!);
            if (!family) {
              fail([id], `x402kit serves the namespaces ${namespaces} only`);
              continue;
            }
            const parsed = family.networkSchema(context).safeParse(networks[id]);
            if (!parsed.success) {
              for (const problem of parsed.error.issues)
                fail([id, ...(problem.path as (string | number)[])], problem.message);
              continue;
            }
            for (const problem of family.checkNetwork?.(id, parsed.data) ?? [])
              fail([id, ...problem.path], problem.message);
            served.set(family, { ...served.get(family), [id]: parsed.data });
          }
          return served;
        }),
      })
      // Each family served needs its signers.
      .transform((config, issue) => {
        const served = [...config.networks].map(([family, networks]) => {
          const signers = config.signers.get(family.namespace);
          if (signers === undefined)
            issue.addIssue({
              code: "custom",
              path: ["signers", family.namespace],
              message: `is required: the signers of the ${family.label} networks`,
            });
          return { family, networks, signers };
        });
        const { signers: _signers, networks: _networks, $schema: _schema, retainDays, ...rest } = config;
        return {
          ...rest,
          store: config.store ?? {
            kind: "sqlite" as const,
            path: resolve(context.baseDir, join(config.dataDir, "facilitator.db")),
          },
          /** Undefined: keep every record. */
          retention: retainDays > 0 ? { finishedMs: retainDays * 86_400_000 } : undefined,
          /** The families served, each with its networks and signers. */
          families: served,
        };
      })
  );
}

export type FacilitatorConfigInput = z.input<ReturnType<typeof facilitatorConfigSchema>>;
export type FacilitatorConfig = z.output<ReturnType<typeof facilitatorConfigSchema>>;

/** A field's path as it reads in JSON: `networks["eip155:8453"].rpc[1]`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === "number"
        ? `[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(key))
          ? `${index === 0 ? "" : "."}${String(key)}`
          : `[${JSON.stringify(String(key))}]`,
    )
    .join("");
}
