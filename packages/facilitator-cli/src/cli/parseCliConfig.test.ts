import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type LoadCliConfigReturnType, loadCliConfig, readCliOptions } from "./parseCliConfig.js";

const key = `0x${"ab".repeat(32)}`;
const usdc = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const required = { X402KIT_RPC_URL: "http://127.0.0.1:8545", X402KIT_PRIVATE_KEY: key };

/** The flags and variables, read and validated; the RPC answers `chainId`; files come from `files`. */
async function load(
  argv: string[],
  env: Record<string, string>,
  { chainId = 8453, files = {} }: { chainId?: number; files?: Record<string, string> } = {},
): Promise<LoadCliConfigReturnType> {
  const read = readCliOptions(argv, env);
  if (!read.ok || !("options" in read)) throw new Error("not options");
  return loadCliConfig({
    options: read.options,
    env,
    chainIdOf: async () => chainId,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return text;
    },
  });
}
const messageOf = (loaded: LoadCliConfigReturnType) => (loaded.ok ? "" : loaded.message);

describe("the CLI's flags", () => {
  it("describe one EVM network with defaults: 127.0.0.1:4020, sqlite under .x402kit, the RPC's chain, the default schemes", async () => {
    const loaded = await load([], required);
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        server: { host: "127.0.0.1", port: 4020 },
        logLevel: "info",
        signerLeaseMs: 15_000,
        otel: false,
        retention: { finishedMs: 30 * 86_400_000 },
        store: { kind: "sqlite", path: resolve(".x402kit", "facilitator.db") },
        families: [
          {
            networks: {
              "eip155:8453": { rpc: ["http://127.0.0.1:8545"] },
            },
            signers: { keys: [key] },
          },
        ],
      },
    });
    // No schemes named: exact, and upto when its optional package is installed (decided when wiring).
    expect(loaded.ok && loaded.config.families[0]!.networks["eip155:8453"]).not.toHaveProperty("schemes");
    // The key was read as a secret, to be redacted from every output.
    expect(loaded.ok && [...loaded.context.secrets]).toContain(key);
  });

  it("let a flag win over its variable; several RPC URLs fail over; a key comes from a file", async () => {
    const loaded = await load(
      [
        "--port",
        "0",
        "--store",
        "memory",
        "--network",
        "eip155:31337",
        "--asset",
        `${usdc},0x0000000000000000000000000000000000000001`,
        "--instance-id",
        "node-1",
        "--rpc-url",
        "http://127.0.0.1:1,http://127.0.0.1:8545",
        "--private-key-file",
        "/run/key",
      ],
      { X402KIT_PORT: "9999", X402KIT_DATA_DIR: "/var/x402", X402KIT_LOG_LEVEL: "warn" },
      { files: { "/run/key": `${key}\n` } },
    );
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        server: { port: 0 },
        store: { kind: "memory" },
        instanceId: "node-1",
        logLevel: "warn",
        families: [
          {
            networks: {
              "eip155:31337": {
                rpc: ["http://127.0.0.1:1", "http://127.0.0.1:8545"],
                assets: [usdc, "0x0000000000000000000000000000000000000001"],
              },
            },
            signers: { keys: [key] },
          },
        ],
      },
    });
    expect(await load(["--data-dir", "/srv/f"], required)).toMatchObject({
      config: { store: { kind: "sqlite", path: "/srv/f/facilitator.db" } },
    });
  });

  it("read a postgres store, a key pool, the lease length and --otel", async () => {
    const keys = [key, `0x${"cd".repeat(32)}`, `0x${"ef".repeat(32)}`];
    const url = "postgres://x402:pw-long-enough@127.0.0.1:5432/facilitator";
    const loaded = await load(
      ["--store", `postgres:${url}`, "--postgres-schema", "f1", "--signer-lease-ms", "5000", "--otel"],
      { X402KIT_RPC_URL: "http://127.0.0.1:8545", X402KIT_PRIVATE_KEYS: keys.join(", ") },
    );
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        store: { kind: "postgres", url, schema: "f1" },
        signerLeaseMs: 5_000,
        otel: true,
        families: [{ signers: { keys } }],
      },
    });
    expect(loaded.ok && [...loaded.context.secrets]).toEqual(expect.arrayContaining(["pw-long-enough", url]));
    // The URL alone is taken too, and the environment can switch telemetry off.
    expect(await load(["--store", url], { ...required, X402KIT_OTEL: "off" })).toMatchObject({
      config: { store: { kind: "postgres", url, schema: "x402kit" }, otel: false },
    });
  });

  it("refuse a bad key pool, two key options, and a bad postgres URL, without quoting them", async () => {
    const message = messageOf(
      await load(["--private-keys", `${key},0x99`, "--store", "postgres:nowhere"], required),
    );
    expect(message).toContain(
      "--private-keys (X402KIT_PRIVATE_KEYS): give --private-key or --private-keys, not both",
    );
    expect(message).toContain("--store (X402KIT_STORE): must be memory, sqlite:PATH or postgres:URL");
    expect(message).not.toContain("0x99");
    expect(message).not.toContain("nowhere");
    const pool = messageOf(
      await load(["--private-keys", `${key},0x99`], { X402KIT_RPC_URL: "http://127.0.0.1:8545" }),
    );
    expect(pool).toContain(
      "--private-keys (X402KIT_PRIVATE_KEYS): key 2: must be a 0x-prefixed 32-byte hex key",
    );
    const repeated = await load(["--private-keys", `${key},${key.toUpperCase().replace("0X", "0x")}`], {
      X402KIT_RPC_URL: "http://127.0.0.1:8545",
    });
    expect(messageOf(repeated)).toContain("the keys must be distinct");
    expect(await load(["--signer-lease-ms", "10"], required)).toMatchObject({ ok: false });
  });

  it("name the flag and the variable of each problem, never the value", async () => {
    const message = messageOf(
      await load(["--rpc-url", "ftp://x", "--store", "sqlite:", "--port", "http"], {
        X402KIT_PRIVATE_KEY: "0xsecret",
        X402KIT_NETWORK: "solana:mainnet",
        X402KIT_LOG_LEVEL: "loud",
      }),
    );
    expect(message).toContain("--rpc-url (X402KIT_RPC_URL): must be a http:// or a https:// URL");
    expect(message).toContain("--private-key (X402KIT_PRIVATE_KEY): must be a 0x-prefixed 32-byte hex key");
    expect(message).toContain("--network (X402KIT_NETWORK): must be an EVM CAIP-2 id");
    expect(message).toContain("--store (X402KIT_STORE): must be memory, sqlite:PATH or postgres:URL");
    expect(message).toContain("--port (X402KIT_PORT): must be a port number");
    expect(message).toContain("--log-level (X402KIT_LOG_LEVEL)");
    expect(message).not.toContain("secret");
    const missing = messageOf(await load([], {}));
    expect(missing).toContain("--rpc-url (X402KIT_RPC_URL): is required");
    expect(missing).toContain(
      "--private-key (X402KIT_PRIVATE_KEY): is required (or --private-keys, --private-key-file)",
    );
    expect(
      messageOf(await load(["--private-key-file", "/nope"], { X402KIT_RPC_URL: "http://x.test" })),
    ).toContain("--private-key-file (X402KIT_PRIVATE_KEY_FILE): cannot read /nope (ENOENT)");
  });

  it("ask for the assets on a chain where no USDC is known (never any contract that answers)", async () => {
    const message = messageOf(await load([], required, { chainId: 31337 }));
    expect(message).toContain(
      "--asset (X402KIT_ASSETS): x402kit knows no USDC on eip155:31337: list the assets to settle",
    );
    expect(await load(["--asset", usdc], required, { chainId: 31337 })).toMatchObject({ ok: true });
    expect(messageOf(await load(["--asset", "0x12"], required))).toContain(
      "--asset (X402KIT_ASSETS): must be a 0x-prefixed 20-byte address",
    );
  });

  it("read batch settlement, off unless a settler is given", async () => {
    const settler = `0x${"ab".repeat(20)}`;
    const off = await load([], required);
    expect(off.ok && off.config.families[0]?.networks["eip155:8453"]).not.toHaveProperty("batchSettlement");
    expect(
      await load(["--batch-settler", settler, "--batch-max-wait-ms", "50"], {
        ...required,
        X402KIT_BATCH_MAX_SIZE: "20",
      }),
    ).toMatchObject({
      config: {
        families: [
          {
            networks: {
              "eip155:8453": {
                batchSettlement: { settler: expect.stringMatching(/^0xabab/i), maxSize: 20, maxWaitMs: 50 },
              },
            },
          },
        ],
      },
    });
    const message = messageOf(await load(["--batch-settler", "0x12", "--batch-max-size", "0"], required));
    expect(message).toContain(
      "--batch-settler (X402KIT_BATCH_SETTLER): must be a 0x-prefixed 20-byte address",
    );
    expect(message).toContain("--batch-max-size (X402KIT_BATCH_MAX_SIZE)");
  });

  it("keep finished records 30 days by default; --retain-days changes it, 0 keeps them all", async () => {
    expect(await load(["--retain-days", "7"], required)).toMatchObject({
      config: { retention: { finishedMs: 7 * 86_400_000 } },
    });
    expect(await load([], { ...required, X402KIT_RETAIN_DAYS: "0" })).toMatchObject({
      config: { retention: undefined },
    });
    expect(await load(["--retain-days", "1.5"], required)).toMatchObject({ ok: false });
  });

  it("answer --help, and refuse unknown flags and positionals", () => {
    expect(readCliOptions(["--help"], {})).toEqual({ ok: true, help: true });
    expect(readCliOptions(["-h"], {})).toEqual({ ok: true, help: true });
    expect(readCliOptions(["--verbose"], required)).toMatchObject({ ok: false });
    expect(readCliOptions(["serve"], required)).toMatchObject({ ok: false });
  });
});

describe("the CLI's config file", () => {
  const file = (config: unknown) => ({ "/etc/x402kit/facilitator.json": JSON.stringify(config) });
  const argv = ["--config", "/etc/x402kit/facilitator.json"];
  const base = {
    signers: { eip155: { privateKey: { env: "EVM_KEY" } } },
    networks: { "eip155:8453": { rpc: "https://mainnet.base.org" } },
  };

  it("serves several networks, with RPC fallbacks and secrets from the environment and files", async () => {
    const loaded = await load(
      argv,
      { EVM_KEY: key, SEPOLIA_RPC: "https://base-sepolia.example/v2/abcdefghijklmnop" },
      {
        files: {
          ...file({
            server: { port: 8080 },
            store: { postgres: { file: "db-url" }, schema: "f1" },
            signers: { eip155: { privateKeys: { file: "/run/secrets/keys" } } },
            networks: {
              "eip155:8453": {
                rpc: ["https://mainnet.base.org", "https://base.example/rpc?key=0123456789abcdef"],
              },
              "eip155:84532": { rpc: { env: "SEPOLIA_RPC" }, schemes: ["exact"] },
              "eip155:31337": { rpc: "http://127.0.0.1:8545", assets: [usdc] },
            },
          }),
          "/etc/x402kit/db-url": "postgres://x402:a-long-password@db:5432/x402\n",
          "/run/secrets/keys": `${key}\n0x${"cd".repeat(32)}\n`,
        },
      },
    );
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        server: { host: "127.0.0.1", port: 8080 },
        store: { kind: "postgres", url: "postgres://x402:a-long-password@db:5432/x402", schema: "f1" },
        families: [
          {
            networks: {
              "eip155:8453": {
                rpc: ["https://mainnet.base.org", "https://base.example/rpc?key=0123456789abcdef"],
              },
              "eip155:84532": {
                rpc: ["https://base-sepolia.example/v2/abcdefghijklmnop"],
                schemes: ["exact"],
              },
              "eip155:31337": { assets: [usdc] },
            },
            signers: { keys: [key, `0x${"cd".repeat(32)}`] },
          },
        ],
      },
    });
    const secrets = loaded.ok ? [...loaded.context.secrets] : [];
    expect(secrets).toEqual(
      expect.arrayContaining([key, "a-long-password", "abcdefghijklmnop", "0123456789abcdef"]),
    );
    // Flags override the server, the store and the log level.
    expect(
      await load([...argv, "--port", "0", "--store", "memory"], { EVM_KEY: key }, { files: file(base) }),
    ).toMatchObject({
      config: { server: { port: 0 }, store: { kind: "memory" } },
    });
  });

  it("names each bad field by its path, never its value", async () => {
    const message = messageOf(
      await load(
        argv,
        { EVM_KEY: "0xnot-a-key" },
        {
          files: file({
            server: { port: 70_000, tls: true },
            signers: { eip155: { privateKey: key }, cosmos: {} },
            networks: {
              "eip155:8453": { rpc: ["https://mainnet.base.org", "ws://node"], schemes: ["exact", "fast"] },
              "eip155:31337": { rpc: "http://127.0.0.1:8545" },
              "cosmos:hub": { rpc: "http://x.test" },
              base: {},
            },
          }),
        },
      ),
    );
    expect(message).toContain("server.port: must be a port number (0 to 65535)");
    expect(message).toMatch(/server: Unrecognized key: "tls"/);
    expect(message).toContain(
      'signers.eip155.privateKey: give { "file": PATH } or { "env": NAME }, never the secret itself',
    );
    expect(message).toContain("signers.cosmos: x402kit serves the namespaces eip155, solana only");
    expect(message).toContain('networks["eip155:8453"].rpc[1]: must be a http:// or a https:// URL');
    expect(message).toContain('networks["eip155:8453"].schemes[1]');
    expect(message).toContain('networks["eip155:31337"].assets: x402kit knows no USDC on eip155:31337');
    expect(message).toContain('networks["cosmos:hub"]: x402kit serves the namespaces eip155, solana only');
    expect(message).toContain("networks.base: the key must be a CAIP-2 network id");
    expect(message).not.toContain(key.slice(2));

    const noSigner = messageOf(await load(argv, {}, { files: file({ networks: base.networks }) }));
    expect(noSigner).toContain("signers.eip155: is required: the signers of the EVM networks");
    const unset = messageOf(await load(argv, {}, { files: file(base) }));
    expect(unset).toContain("signers.eip155.privateKey: the environment variable EVM_KEY is not set");
  });

  it("reports a missing file, bad JSON by position, and network flags given beside it", async () => {
    expect(messageOf(await load(["--config", "/nope.json"], {}))).toContain(
      "/nope.json: cannot read the file (ENOENT)",
    );
    const broken = messageOf(
      await load(
        argv,
        {},
        { files: { "/etc/x402kit/facilitator.json": `{\n  "networks": {\n    "x": 0x1234\n}` } },
      ),
    );
    expect(broken).toMatch(/is not valid JSON \(line 3, column \d+\)/);
    expect(broken).not.toContain("0x1234");
    const both = messageOf(
      await load([...argv, "--rpc-url", "http://x.test"], { EVM_KEY: key }, { files: file(base) }),
    );
    expect(both).toContain("--rpc-url (X402KIT_RPC_URL): the config file names the networks and signers");
  });

  it("reads API keys (hashes, keys from the environment or a file, a hash list), open routes and limits", async () => {
    const shopHash = createHash("sha256").update("x402k_shop-key-from-env").digest("hex");
    const opsHash = "c".repeat(64);
    const loaded = await load(
      [...argv, "--rate-limit-key", "120", "--open-routes", "supported,healthz"],
      { EVM_KEY: key, SHOP_KEY: "x402k_shop-key-from-env", MORE_KEYS: `batch:${"d".repeat(64)}` },
      {
        files: {
          ...file({
            ...base,
            apiKeys: {
              keys: [
                { name: "shop", key: { env: "SHOP_KEY" } },
                { name: "ops", sha256: opsHash.toUpperCase(), perMinute: 5 },
              ],
              file: "keys.txt",
              env: "MORE_KEYS",
              open: ["discovery"],
            },
            limits: { perIp: { perMinute: 600, burst: 20 }, settlementsInFlight: 32, trustProxyHops: 1 },
            timeouts: { headersMs: 5_000 },
          }),
          "/etc/x402kit/keys.txt": `# name sha256\nreports ${"e".repeat(64)}\n`,
        },
      },
    );
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        apiKeys: {
          keys: [
            { name: "shop", sha256: shopHash },
            { name: "ops", sha256: opsHash, perMinute: 5 },
            { name: "reports", sha256: "e".repeat(64) },
            { name: "batch", sha256: "d".repeat(64) },
          ],
          // A flag overrides the field, not the section.
          open: ["supported", "healthz"],
        },
        limits: {
          perIp: { perMinute: 600, burst: 20 },
          perKey: { perMinute: 120 },
          settlementsInFlight: 32,
          trustProxyHops: 1,
        },
        timeouts: { headersMs: 5_000 },
      },
    });
    expect(loaded.ok && [...loaded.context.secrets]).toContain("x402k_shop-key-from-env");
  });

  it("refuses a key written in the file, a bad key list without quoting it, duplicate names and no keys", async () => {
    const bad = messageOf(
      await load(
        argv,
        { EVM_KEY: key, LIST: "shop:x402k_pasted-secret-key" },
        {
          files: file({
            ...base,
            apiKeys: { keys: [{ name: "a", key: "x402k_literal-secret" }], env: "LIST", open: ["verify"] },
          }),
        },
      ),
    );
    expect(bad).toContain("apiKeys.keys[0]");
    expect(bad).toContain("apiKeys.open[0]: must be supported, discovery, healthz or metrics");
    const list = messageOf(
      await load(
        argv,
        { EVM_KEY: key, LIST: "shop:x402k_pasted-secret-key" },
        {
          files: file({ ...base, apiKeys: { env: "LIST" } }),
        },
      ),
    );
    expect(list).toContain("apiKeys.env: LIST: entry 1 must be NAME SHA256");
    expect(list).not.toContain("x402k_pasted-secret-key");
    for (const secret of ["x402k_pasted-secret-key", "x402k_literal-secret"])
      expect(bad).not.toContain(secret);
    const twice = messageOf(
      await load(
        argv,
        { EVM_KEY: key },
        {
          files: file({
            ...base,
            apiKeys: {
              keys: [
                { name: "a", sha256: "a".repeat(64) },
                { name: "a", sha256: "b".repeat(64) },
              ],
            },
          }),
        },
      ),
    );
    expect(twice).toContain("apiKeys.keys: the key name a is given twice");
    expect(
      messageOf(await load(argv, { EVM_KEY: key }, { files: file({ ...base, apiKeys: {} }) })),
    ).toContain("apiKeys.keys: name at least one key");
  });
});

describe("the CLI's key and limit flags", () => {
  it("read --api-keys-file, X402KIT_API_KEYS and the limits", async () => {
    const loaded = await load(
      ["--api-keys-file", "/keys.txt", "--rate-limit-ip", "300", "--max-settlements-in-flight", "8"],
      { ...required, X402KIT_API_KEYS: `a:${"a".repeat(64)},b:${"b".repeat(64)}` },
      { files: { "/keys.txt": `c ${"c".repeat(64)}\n` } },
    );
    expect(loaded).toMatchObject({
      ok: true,
      config: {
        apiKeys: { keys: [{ name: "c" }, { name: "a" }, { name: "b" }], open: [] },
        limits: { perIp: { perMinute: 300 }, settlementsInFlight: 8 },
      },
    });
    expect(messageOf(await load(["--rate-limit-ip", "fast", "--api-keys-file", "/none"], required))).toMatch(
      /--api-keys-file \(X402KIT_API_KEYS_FILE\): cannot read \/none \(ENOENT\)\n.*--rate-limit-ip \(X402KIT_RATE_LIMIT_IP\): must be a number$/,
    );
    expect(readCliOptions(["--new-api-key"], {})).toEqual({ ok: true, newApiKey: true });
  });
});
