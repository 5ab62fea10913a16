import type pg from "pg";
import { PostgresStoreError } from "../PostgresStoreError.js";
import { toPostgresStoreError } from "./toPostgresStoreError.js";

export type Query = <row extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values?: readonly unknown[],
) => Promise<pg.QueryResult<row>>;

export type Table =
  | "settlements"
  | "idempotency"
  | "nonces"
  | "signer_leases"
  | "schema_migrations"
  | "channels"
  | "discovered_resources"
  | "entitlements"
  | "sign_in_nonces";

/** The store's access to PostgreSQL: schema-qualified names, errors as `PostgresStoreError`, one close. */
export type Database = {
  /** The schema's name, validated (lower-case identifier). */
  schema: string;
  /** The quoted, schema-qualified name of a table. */
  table(name: Table): string;
  /** One statement on any pooled connection. */
  query(operation: string): Query;
  /**
   * Runs `run` on one dedicated connection (for session state: transactions, advisory locks). A connection whose
   * `run` threw is discarded rather than returned to the pool, so no session state survives a failure.
   */
  withConnection<result>(operation: string, run: (query: Query) => Promise<result>): Promise<result>;
  /** Runs `run` in a transaction on one connection; rolls back if it throws. */
  transaction<result>(operation: string, run: (query: Query) => Promise<result>): Promise<result>;
  close(): Promise<void>;
};

export type CreateDatabaseParameters = {
  pool: pg.Pool;
  schema: string;
  /** Whether `close()` ends the pool (true when the store created it). */
  ownsPool: boolean;
};

export function createDatabase({ pool, schema, ownsPool }: CreateDatabaseParameters): Database {
  let closed = false;

  function assertOpen(operation: string): void {
    if (closed)
      throw new PostgresStoreError("store_closed", `${operation} failed: the store is closed`, { operation });
  }

  function wrap(operation: string, client: pg.Pool | pg.PoolClient): Query {
    return async (text, values) => {
      try {
        return await client.query(text, values as unknown[] | undefined);
      } catch (error) {
        throw toPostgresStoreError(error, operation);
      }
    };
  }

  async function withConnection<result>(
    operation: string,
    run: (query: Query) => Promise<result>,
  ): Promise<result> {
    assertOpen(operation);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toPostgresStoreError(error, operation);
    }
    try {
      const result = await run(wrap(operation, client));
      client.release();
      return result;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  return {
    schema,
    table: (name) => `"${schema}"."${name}"`,
    query(operation) {
      assertOpen(operation);
      return wrap(operation, pool);
    },
    withConnection,
    transaction(operation, run) {
      return withConnection(operation, async (query) => {
        await query("BEGIN");
        try {
          const result = await run(query);
          await query("COMMIT");
          return result;
        } catch (error) {
          await query("ROLLBACK").catch(() => undefined);
          throw error;
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (ownsPool) await pool.end();
    },
  };
}
