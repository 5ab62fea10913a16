import { readdir, readFile } from "node:fs/promises";
import { PostgresStoreError } from "../PostgresStoreError.js";
import type { Database } from "./createDatabase.js";

/** The plain-SQL migrations, in order of their file names (`0001_initial.sql`, …). */
const migrationsDirectory = new URL("../migrations/", import.meta.url);

export type MigrateDatabaseReturnType = {
  /** The versions (file names without `.sql`) this call applied; empty when the schema was up to date. */
  applied: string[];
};

async function readMigrations(): Promise<{ version: string; sql: string }[]> {
  const files = (await readdir(migrationsDirectory)).filter((file) => file.endsWith(".sql")).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: file.slice(0, -".sql".length),
      sql: await readFile(new URL(file, migrationsDirectory), "utf8"),
    })),
  );
}

/**
 * Brings the store's schema up to date. Everything runs in one transaction under a transaction-level advisory lock
 * named for the schema, so that instances starting at once apply each migration exactly once: the second waits,
 * then finds nothing left to do.
 */
export async function migrateDatabase(db: Database): Promise<MigrateDatabaseReturnType> {
  let migrations: { version: string; sql: string }[];
  try {
    migrations = await readMigrations();
  } catch (error) {
    throw new PostgresStoreError("store_migration_failed", "migrate failed: cannot read the migrations", {
      operation: "migrate",
      cause: error,
    });
  }
  return db.transaction("migrate", async (query) => {
    await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`x402kit.migrate.${db.schema}`]);
    await query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
    await query(
      `CREATE TABLE IF NOT EXISTS ${db.table("schema_migrations")} (
        version text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const done = await query<{ version: string }>(`SELECT version FROM ${db.table("schema_migrations")}`);
    const appliedBefore = new Set(done.rows.map((row) => row.version));
    const applied: string[] = [];
    await query(`SET LOCAL search_path TO "${db.schema}"`);
    for (const migration of migrations) {
      if (appliedBefore.has(migration.version)) continue;
      try {
        await query(migration.sql);
      } catch (error) {
        throw new PostgresStoreError("store_migration_failed", `migrate failed at ${migration.version}`, {
          operation: "migrate",
          sqlState: (error as { sqlState?: string }).sqlState,
          cause: error,
          details: { version: migration.version },
        });
      }
      await query(`INSERT INTO ${db.table("schema_migrations")} (version) VALUES ($1)`, [migration.version]);
      applied.push(migration.version);
    }
    return { applied };
  });
}
