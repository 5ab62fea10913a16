import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCliConfig } from "./parseCliConfig.js";

const key = `0x${"ab".repeat(32)}`;
const required = { X402KIT_RPC_URL: "http://127.0.0.1:8545", X402KIT_PRIVATE_KEY: key };

describe("parseCliConfig", () => {
  it("applies the defaults: port 4020 on 127.0.0.1, sqlite under .x402kit, the RPC's network", () => {
    expect(parseCliConfig([], required)).toEqual({
      ok: true,
      config: {
        rpcUrl: "http://127.0.0.1:8545",
        privateKeys: [key],
        port: 4020,
        host: "127.0.0.1",
        dataDir: ".x402kit",
        logLevel: "info",
        signerLeaseMs: 15_000,
        otel: false,
        retention: { finishedMs: 30 * 86_400_000 },
        store: { kind: "sqlite", path: join(".x402kit", "facilitator.db") },
      },
    });
  });

  it("lets a flag win over its environment variable, and reads every option", () => {
    const parsed = parseCliConfig(
      ["--port", "0", "--store", "memory", "--network", "eip155:8453", "--instance-id", "node-1"],
      { ...required, X402KIT_PORT: "9999", X402KIT_DATA_DIR: "/var/x402", X402KIT_LOG_LEVEL: "warn" },
    );
    expect(parsed).toMatchObject({
      ok: true,
      config: {
        port: 0,
        store: { kind: "memory" },
        network: "eip155:8453",
        instanceId: "node-1",
        dataDir: "/var/x402",
        logLevel: "warn",
      },
    });
    expect(parseCliConfig(["--data-dir", "/srv/f"], required)).toMatchObject({
      config: { store: { kind: "sqlite", path: join("/srv/f", "facilitator.db") } },
    });
    expect(parseCliConfig(["--store", "sqlite:/tmp/x.db"], required)).toMatchObject({
      config: { store: { kind: "sqlite", path: "/tmp/x.db" } },
    });
  });

  it("reads a postgres store, a key pool, the lease length and --otel", () => {
    const keys = [key, `0x${"cd".repeat(32)}`, `0x${"ef".repeat(32)}`];
    const url = "postgres://x402:pw@127.0.0.1:5432/facilitator";
    const parsed = parseCliConfig(
      ["--store", `postgres:${url}`, "--postgres-schema", "f1", "--signer-lease-ms", "5000", "--otel"],
      { X402KIT_RPC_URL: "http://127.0.0.1:8545", X402KIT_PRIVATE_KEYS: keys.join(", ") },
    );
    expect(parsed).toMatchObject({
      ok: true,
      config: {
        privateKeys: keys,
        store: { kind: "postgres", url, schema: "f1" },
        signerLeaseMs: 5_000,
        otel: true,
      },
    });
    // The URL alone is taken too, and the environment can switch telemetry off.
    expect(parseCliConfig(["--store", url], { ...required, X402KIT_OTEL: "off" })).toMatchObject({
      config: { store: { kind: "postgres", url, schema: "x402kit" }, otel: false },
    });
  });

  it("refuses a bad key pool, both key options, and a bad postgres URL, without quoting them", () => {
    const both = parseCliConfig(["--private-keys", `${key},0x99`, "--store", "postgres:nowhere"], required);
    const message = both.ok ? "" : both.message;
    expect(message).toContain(
      "--private-keys (X402KIT_PRIVATE_KEYS): key 2: must be a 0x-prefixed 32-byte hex key",
    );
    expect(message).toContain(
      "--private-keys (X402KIT_PRIVATE_KEYS): give --private-key or --private-keys, not both",
    );
    expect(message).toContain("--store (X402KIT_STORE): must be postgres:postgres://");
    expect(message).not.toContain("0x99");
    expect(message).not.toContain("nowhere");
    const repeated = parseCliConfig(["--private-keys", `${key},${key.toUpperCase().replace("0X", "0x")}`], {
      X402KIT_RPC_URL: "http://127.0.0.1:8545",
    });
    expect(repeated.ok ? "" : repeated.message).toContain("the keys must be distinct");
    expect(parseCliConfig(["--signer-lease-ms", "10"], required)).toMatchObject({ ok: false });
  });

  it("names the flag and the variable of each problem, never the value", () => {
    const parsed = parseCliConfig(["--rpc-url", "ftp://x", "--store", "sqlite:"], {
      X402KIT_PRIVATE_KEY: "0xsecret",
      X402KIT_NETWORK: "solana:mainnet",
      X402KIT_LOG_LEVEL: "loud",
    });
    expect(parsed.ok).toBe(false);
    const message = parsed.ok ? "" : parsed.message;
    expect(message).toContain("--rpc-url (X402KIT_RPC_URL): must be an http(s) URL");
    expect(message).toContain("--private-key (X402KIT_PRIVATE_KEY): must be a 0x-prefixed 32-byte hex key");
    expect(message).toContain("--network (X402KIT_NETWORK): must be an EVM CAIP-2 id");
    expect(message).toContain("--store (X402KIT_STORE): must be sqlite:PATH, postgres:URL or memory");
    expect(message).toContain("--log-level (X402KIT_LOG_LEVEL)");
    expect(message).not.toContain("secret");
  });

  it("reads batch settlement, off unless a settler is given", () => {
    const settler = `0x${"ab".repeat(20)}`;
    expect(parseCliConfig([], required)).toMatchObject({ ok: true, config: { batchSettlement: undefined } });
    expect(
      parseCliConfig(["--batch-settler", settler, "--batch-max-wait-ms", "50"], {
        ...required,
        X402KIT_BATCH_MAX_SIZE: "20",
      }),
    ).toMatchObject({ ok: true, config: { batchSettlement: { settler, maxSize: 20, maxWaitMs: 50 } } });
    const wrong = parseCliConfig(["--batch-settler", "0x12", "--batch-max-size", "0"], required);
    const message = wrong.ok ? "" : wrong.message;
    expect(message).toContain(
      "--batch-settler (X402KIT_BATCH_SETTLER): must be a 0x-prefixed 20-byte address",
    );
    expect(message).toContain(
      "--batch-max-size (X402KIT_BATCH_MAX_SIZE): must be a whole number from 1 to 500",
    );
  });

  it("keeps finished records 30 days by default; --retain-days changes it, 0 keeps them all", () => {
    expect(parseCliConfig([], required)).toMatchObject({
      ok: true,
      config: { retention: { finishedMs: 30 * 86_400_000 } },
    });
    expect(parseCliConfig(["--retain-days", "7"], required)).toMatchObject({
      config: { retention: { finishedMs: 7 * 86_400_000 } },
    });
    expect(parseCliConfig([], { ...required, X402KIT_RETAIN_DAYS: "0" })).toMatchObject({
      config: { retention: undefined },
    });
    expect(parseCliConfig(["--retain-days", "1.5"], required)).toMatchObject({ ok: false });
  });

  it("answers --help, and refuses unknown flags and positionals", () => {
    expect(parseCliConfig(["--help"], {})).toEqual({ ok: true, help: true });
    expect(parseCliConfig(["-h"], {})).toEqual({ ok: true, help: true });
    expect(parseCliConfig(["--verbose"], required)).toMatchObject({ ok: false });
    expect(parseCliConfig(["serve"], required)).toMatchObject({ ok: false });
  });
});
