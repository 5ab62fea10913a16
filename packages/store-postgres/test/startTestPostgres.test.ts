import { existsSync } from "node:fs";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startTestPostgres } from "../src/testing/index.js";

describe("startTestPostgres", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("starts a throwaway server on 127.0.0.1 and removes it on stop", async () => {
    vi.stubEnv("X402KIT_TEST_POSTGRES_URL", "");
    const server = await startTestPostgres();
    try {
      console.info(`embedded PostgreSQL started in ${server.startupMs} ms`);
      expect(server.external).toBe(false);
      expect(server.connectionString).toMatch(/^postgres:\/\/x402kit:[^@]+@127\.0\.0\.1:\d+\/x402kit_test$/);
      expect(existsSync(server.directory!)).toBe(true);
      const client = new pg.Client({ connectionString: server.connectionString });
      await client.connect();
      const { rows } = await client.query(
        "SELECT current_database() AS db, current_setting('server_version') AS v",
      );
      await client.end();
      expect(rows[0]).toMatchObject({ db: "x402kit_test" });
    } finally {
      await server.stop();
    }
    await server.stop();
    expect(existsSync(server.directory!)).toBe(false);
    const client = new pg.Client({
      connectionString: server.connectionString,
      connectionTimeoutMillis: 2000,
    });
    await expect(client.connect()).rejects.toThrow();
  });

  it("uses X402KIT_TEST_POSTGRES_URL as it is when set", async () => {
    vi.stubEnv("X402KIT_TEST_POSTGRES_URL", "postgres://u:p@127.0.0.1:1/elsewhere");
    const server = await startTestPostgres();
    expect(server).toMatchObject({
      connectionString: "postgres://u:p@127.0.0.1:1/elsewhere",
      external: true,
      directory: undefined,
    });
    await server.stop();
  });
});
