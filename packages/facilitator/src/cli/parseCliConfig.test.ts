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
        privateKey: key,
        port: 4020,
        host: "127.0.0.1",
        dataDir: ".x402kit",
        logLevel: "info",
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
    expect(message).toContain("--store (X402KIT_STORE): must be sqlite:PATH or memory");
    expect(message).toContain("--log-level (X402KIT_LOG_LEVEL)");
    expect(message).not.toContain("secret");
  });

  it("answers --help, and refuses unknown flags and positionals", () => {
    expect(parseCliConfig(["--help"], {})).toEqual({ ok: true, help: true });
    expect(parseCliConfig(["-h"], {})).toEqual({ ok: true, help: true });
    expect(parseCliConfig(["--verbose"], required)).toMatchObject({ ok: false });
    expect(parseCliConfig(["serve"], required)).toMatchObject({ ok: false });
  });
});
