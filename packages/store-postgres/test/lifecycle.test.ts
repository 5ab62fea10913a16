import { createServer } from "node:net";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createPostgresStore, PostgresStoreError } from "../src/index.js";
import { settlementRecord, usePostgres } from "./fixtures.js";

const postgres = usePostgres();

async function errorOf(promise: Promise<unknown>): Promise<PostgresStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PostgresStoreError);
  return error as PostgresStoreError;
}

describe("store lifecycle", () => {
  it("migrates once when five instances start at once, and not again on restart", async () => {
    const schema = postgres.freshSchema();
    const stores = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        createPostgresStore({
          connectionString: postgres.connectionString,
          schema,
          instanceId: `i${i}`,
        }).then(postgres.track),
      ),
    );
    const client = new pg.Client({ connectionString: postgres.connectionString });
    await client.connect();
    try {
      const migrations = async () =>
        (await client.query(`SELECT version, applied_at FROM "${schema}".schema_migrations ORDER BY version`))
          .rows;
      const first = await migrations();
      expect(first.map((row) => row.version)).toEqual([
        "0001_initial",
        "0002_delivery_token",
        "0003_channels",
        "0004_bazaar_discovery",
        "0005_sign_in_with_x",
      ]);
      const tables = await client.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
        [schema],
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual([
        "channels",
        "discovered_resources",
        "entitlements",
        "idempotency",
        "nonces",
        "schema_migrations",
        "settlements",
        "sign_in_nonces",
        "signer_leases",
      ]);
      await postgres.track(
        await createPostgresStore({ connectionString: postgres.connectionString, schema }),
      );
      expect(await migrations()).toEqual(first);
    } finally {
      await client.end();
    }
    // Every instance works on the one schema.
    const record = settlementRecord();
    expect(await stores[0]!.claimSettlement(record)).toEqual({ claimed: true });
    expect(await stores[4]!.getSettlement(record.key)).toEqual(record);
  });

  it("pings, closes once, and refuses work after close", async () => {
    const store = await createPostgresStore({
      connectionString: postgres.connectionString,
      schema: "x402kit",
    });
    await store.ping();
    expect(store.schema).toBe("x402kit");
    expect(store.instanceId).toMatch(/^.+:\d+:[0-9a-f]{8}$/);
    await store.close();
    await store.close();
    expect((await errorOf(store.ping())).code).toBe("store_closed");
    expect((await errorOf(store.getSettlement("k"))).code).toBe("store_closed");
  });

  it("leaves a pool it was given open", async () => {
    const pool = new pg.Pool({ connectionString: postgres.connectionString, max: 3 });
    try {
      const store = await createPostgresStore({ pool, schema: postgres.freshSchema() });
      await store.ping();
      await store.close();
      expect((await pool.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it("refuses a bad configuration before connecting", async () => {
    const connectionString = postgres.connectionString;
    const pool = new pg.Pool({ connectionString });
    try {
      for (const parameters of [
        { connectionString, schema: "Bad-Name" },
        { connectionString, schema: "x".repeat(64) },
        { connectionString, pool },
        {},
        { connectionString, instanceId: "" },
      ]) {
        // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong parameters
        const error = await errorOf(createPostgresStore(parameters as any));
        expect(error.code).toBe("store_invalid_config");
      }
    } finally {
      await pool.end();
    }
  });

  it("reports a database that is not there as unavailable", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const error = await errorOf(
      createPostgresStore({ connectionString: `postgres://x:y@127.0.0.1:${port}/none` }),
    );
    expect(error.code).toBe("store_unavailable");
  });

  it("reports a failed statement with its SQLSTATE", async () => {
    const [store] = await postgres.openInstances(1);
    // A state outside the CHECK constraint.
    const error = await errorOf(store!.claimSettlement(settlementRecord({ state: "lost" as never })));
    expect(error).toMatchObject({
      code: "store_query_failed",
      operation: "claimSettlement",
      sqlState: "23514",
    });
  });
});
