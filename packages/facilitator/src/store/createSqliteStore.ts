import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type {
  ChannelRecord,
  ChannelStore,
  FacilitatorStore,
  IdempotencyRecord,
  RetentionStore,
  SettlementRecord,
  SettlementState,
} from "@x402kit/core";
import { addressKey } from "@x402kit/types";
import { z } from "zod";
import { FacilitatorStoreError } from "../errors/FacilitatorStoreError.js";
import { sqliteMigrations } from "./sqliteMigrations.js";

export type CreateSqliteStoreParameters = {
  /** The database file; it and its parent directory are created on first start. `:memory:` for a throwaway one. */
  path: string;
  /** How long a statement waits for another process's write lock, in milliseconds. Default 5 000. */
  busyTimeoutMs?: number | undefined;
};

export type SqliteStore = FacilitatorStore &
  RetentionStore &
  ChannelStore & {
    /** The database file's absolute path (or `:memory:`). */
    readonly path: string;
  };

export type CreateSqliteStoreReturnType = SqliteStore;

export type CreateSqliteStoreErrorType = FacilitatorStoreError;

const parametersSchema = z.object({
  path: z.string().min(1, "must name a file"),
  busyTimeoutMs: z.number().int().min(0).max(600_000).default(5_000),
});

type SettlementRow = {
  key: string;
  state: SettlementState;
  network: string;
  payer: string | null;
  transaction: string | null;
  response: string | null;
  acknowledged: number;
  delivery_token: string | null;
  payload: string;
  requirements: string;
  owner: string;
  created_at: number;
  updated_at: number;
};

const settlementColumns =
  'key, state, network, payer, "transaction", response, acknowledged, delivery_token, payload, requirements, owner, created_at, updated_at';

/** How each patchable field is written: its column, whether it may be cleared, and how it is encoded. */
const patchColumns: {
  [field in keyof Omit<SettlementRecord, "key">]-?: {
    column: string;
    nullable: boolean;
    encode?: (value: never) => SQLInputValue;
  };
} = {
  state: { column: "state", nullable: false },
  network: { column: "network", nullable: false },
  payer: { column: "payer", nullable: true },
  transaction: { column: '"transaction"', nullable: true },
  response: { column: "response", nullable: true, encode: (value: object) => JSON.stringify(value) },
  acknowledged: { column: "acknowledged", nullable: false, encode: (value: boolean) => (value ? 1 : 0) },
  deliveryToken: { column: "delivery_token", nullable: true },
  payload: { column: "payload", nullable: false, encode: (value: object) => JSON.stringify(value) },
  requirements: { column: "requirements", nullable: false, encode: (value: object) => JSON.stringify(value) },
  owner: { column: "owner", nullable: false },
  createdAt: { column: "created_at", nullable: false },
  updatedAt: { column: "updated_at", nullable: false },
};

function settlementFromRow(row: SettlementRow): SettlementRecord {
  return {
    key: row.key,
    state: row.state,
    network: row.network,
    payer: row.payer ?? undefined,
    transaction: row.transaction ?? undefined,
    response: row.response === null ? undefined : JSON.parse(row.response),
    acknowledged: row.acknowledged === 1,
    ...(row.delivery_token === null ? {} : { deliveryToken: row.delivery_token }),
    payload: JSON.parse(row.payload),
    requirements: JSON.parse(row.requirements),
    owner: row.owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const nonceAccount = (account: string) => addressKey(account);

type ChannelRow = {
  id: string;
  scheme: string;
  network: string;
  pay_to: string;
  asset: string;
  state: string;
  version: number;
  updated_at: number;
};

const channelColumns = "id, scheme, network, pay_to, asset, state, version, updated_at";

function channelFromRow(row: ChannelRow): ChannelRecord {
  return {
    id: row.id,
    scheme: row.scheme,
    network: row.network,
    payTo: row.pay_to,
    asset: row.asset,
    state: JSON.parse(row.state),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/**
 * node:sqlite, loaded on first use: Node 22 prints an ExperimentalWarning when it loads, which a program that never
 * opens a SQLite store should not see.
 */
const loadSqlite = () => createRequire(import.meta.url)("node:sqlite") as typeof import("node:sqlite");

/**
 * The facilitator's default durable store: one SQLite file (Node 22's built-in `node:sqlite`), in WAL mode, with
 * plain-SQL migrations tracked in `schema_version`. Statements run synchronously, so every operation is atomic in
 * the process; claims and acknowledgements are single statements decided by the primary key, and nonce
 * reservations run in `BEGIN IMMEDIATE` transactions, so processes sharing the file agree too.
 */
export function createSqliteStore(parameters: CreateSqliteStoreParameters): CreateSqliteStoreReturnType {
  const parsed = parametersSchema.safeParse(parameters);
  if (!parsed.success)
    throw new FacilitatorStoreError(
      "store_invalid_config",
      `createSqliteStore: ${z.prettifyError(parsed.error)}`,
      {
        operation: "createSqliteStore",
      },
    );
  const inMemory = parsed.data.path === ":memory:";
  const path = inMemory ? parsed.data.path : resolve(parsed.data.path);

  let db: DatabaseSync;
  try {
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    db = new (loadSqlite().DatabaseSync)(path);
  } catch (error) {
    throw new FacilitatorStoreError("store_unavailable", `Cannot open the SQLite store at ${path}.`, {
      operation: "open",
      cause: error,
      details: { path },
    });
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${parsed.data.busyTimeoutMs}`);
    if (!inMemory) db.exec("PRAGMA journal_mode = WAL");
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof FacilitatorStoreError) throw error;
    throw new FacilitatorStoreError("store_migration_failed", `Cannot prepare the SQLite store at ${path}.`, {
      operation: "migrate",
      cause: error,
      details: { path },
    });
  }

  let closed = false;
  const statements = new Map<string, StatementSync>();
  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };
  /** Runs `body` as `operation`, mapping SQLite's errors to FacilitatorStoreError. */
  const run = <result>(operation: string, body: () => result): result => {
    if (closed) throw new FacilitatorStoreError("store_closed", "The SQLite store is closed.", { operation });
    try {
      return body();
    } catch (error) {
      if (error instanceof FacilitatorStoreError) throw error;
      throw new FacilitatorStoreError("store_query_failed", `${operation} failed on the SQLite store.`, {
        operation,
        cause: error,
      });
    }
  };
  /** A write transaction; synchronous, so nothing else in this process runs inside it. */
  const transaction = <result>(body: () => result): result => {
    db.exec("BEGIN IMMEDIATE");
    try {
      const value = body();
      db.exec("COMMIT");
      return value;
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  };
  const readSettlement = (key: string) => {
    const row = statement(`SELECT ${settlementColumns} FROM settlements WHERE key = ?`).get(key) as
      | SettlementRow
      | undefined;
    return row ? settlementFromRow(row) : undefined;
  };
  const readIdempotency = (id: string): IdempotencyRecord | undefined => {
    const row = statement("SELECT id, payload_hash, response, created_at FROM idempotency WHERE id = ?").get(
      id,
    ) as { id: string; payload_hash: string; response: string | null; created_at: number } | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      payloadHash: row.payload_hash,
      response: row.response === null ? undefined : JSON.parse(row.response),
      createdAt: row.created_at,
    };
  };

  return {
    path,

    async claimSettlement(record) {
      return run("claimSettlement", () => {
        // The primary key decides; a loser reads the winner's row. Should that row be deleted in between (another
        // process's failure before broadcast), the claim is tried again.
        for (;;) {
          const inserted = statement(
            `INSERT INTO settlements (${settlementColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (key) DO NOTHING`,
          ).run(
            record.key,
            record.state,
            record.network,
            record.payer ?? null,
            record.transaction ?? null,
            record.response === undefined ? null : JSON.stringify(record.response),
            record.acknowledged ? 1 : 0,
            record.deliveryToken ?? null,
            JSON.stringify(record.payload),
            JSON.stringify(record.requirements),
            record.owner,
            record.createdAt,
            record.updatedAt,
          );
          if (inserted.changes === 1) return { claimed: true as const };
          const existing = readSettlement(record.key);
          if (existing) return { claimed: false as const, record: existing };
        }
      });
    },

    async updateSettlement(key, patch) {
      run("updateSettlement", () => {
        const sets: string[] = [];
        const values: SQLInputValue[] = [];
        for (const [field, spec] of Object.entries(patchColumns)) {
          if (!Object.hasOwn(patch, field)) continue;
          const value = patch[field as keyof typeof patch];
          // `undefined` clears an optional column, as `{ ...record, ...patch }` reads; a required one keeps its value.
          if (value === undefined && !spec.nullable) continue;
          sets.push(`${spec.column} = ?`);
          values.push(
            value === undefined ? null : spec.encode ? spec.encode(value as never) : (value as SQLInputValue),
          );
        }
        if (patch.updatedAt === undefined) {
          sets.push("updated_at = ?");
          values.push(Date.now());
        }
        statement(`UPDATE settlements SET ${sets.join(", ")} WHERE key = ?`).run(...values, key);
      });
    },

    async acknowledgeSettlement(key, deliveryToken) {
      return run("acknowledgeSettlement", () => {
        const result = statement(
          "UPDATE settlements SET acknowledged = 1, delivery_token = ?, updated_at = ? WHERE key = ? AND acknowledged = 0",
        ).run(deliveryToken || null, Date.now(), key);
        if (result.changes === 1) return true;
        // Once acknowledged, the token never changes: the caller that won may take its answer again.
        if (!deliveryToken) return false;
        return (
          statement(
            "SELECT 1 AS won FROM settlements WHERE key = ? AND acknowledged = 1 AND delivery_token = ?",
          ).get(key, deliveryToken) !== undefined
        );
      });
    },

    async getSettlement(key) {
      return run("getSettlement", () => readSettlement(key));
    },

    async listUnfinishedSettlements(owner) {
      return run("listUnfinishedSettlements", () => {
        const rows = (
          owner === undefined
            ? statement(
                `SELECT ${settlementColumns} FROM settlements WHERE state IN ('settling', 'broadcast')
                 ORDER BY created_at, key`,
              ).all()
            : statement(
                `SELECT ${settlementColumns} FROM settlements WHERE state IN ('settling', 'broadcast') AND owner = ?
                 ORDER BY created_at, key`,
              ).all(owner)
        ) as SettlementRow[];
        return rows.map(settlementFromRow);
      });
    },

    async deleteSettlement(key) {
      run("deleteSettlement", () => {
        statement("DELETE FROM settlements WHERE key = ?").run(key);
      });
    },

    async pruneFinished({ before }) {
      return run("pruneFinished", () =>
        transaction(() => ({
          settlements: Number(
            statement(
              "DELETE FROM settlements WHERE state IN ('confirmed', 'failed') AND updated_at < ?",
            ).run(before).changes,
          ),
          idempotency: Number(statement("DELETE FROM idempotency WHERE created_at < ?").run(before).changes),
        })),
      );
    },

    async reserveNonce(account, chainId, chainNonce) {
      const owner = nonceAccount(account);
      // The common case: the stored nonce, bumped in one write transaction.
      const bumped = run("reserveNonce", () =>
        transaction(
          () =>
            statement(
              `UPDATE nonces SET next = next + 1, updated_at = ? WHERE account = ? AND chain_id = ?
               RETURNING next - 1 AS reserved`,
            ).get(Date.now(), owner, chainId) as { reserved: number } | undefined,
        ),
      );
      if (bumped) return bumped.reserved;
      // No row (first use, or after resetNonce): ask the chain outside the transaction. Racers all read the chain;
      // the upsert keeps the larger of the stored and the chain's nonce, so they still get distinct, consecutive
      // nonces.
      const fromChain = await chainNonce();
      if (!Number.isSafeInteger(fromChain) || fromChain < 0)
        throw new FacilitatorStoreError(
          "store_invalid_argument",
          "reserveNonce: the chain nonce is not a count.",
          {
            operation: "reserveNonce",
            details: { account, chainId, chainNonce: fromChain },
          },
        );
      return run("reserveNonce", () =>
        transaction(() => {
          const row = statement(
            `INSERT INTO nonces (account, chain_id, next, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (account, chain_id) DO UPDATE SET next = max(next, excluded.next - 1) + 1,
               updated_at = excluded.updated_at
             RETURNING next - 1 AS reserved`,
          ).get(owner, chainId, fromChain + 1, Date.now()) as { reserved: number };
          return row.reserved;
        }),
      );
    },

    async resetNonce(account, chainId) {
      run("resetNonce", () => {
        statement("DELETE FROM nonces WHERE account = ? AND chain_id = ?").run(
          nonceAccount(account),
          chainId,
        );
      });
    },

    async putIdempotency(record) {
      return run("putIdempotency", () => {
        for (;;) {
          const inserted = statement(
            `INSERT INTO idempotency (id, payload_hash, response, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (id) DO NOTHING`,
          ).run(
            record.id,
            record.payloadHash,
            record.response === undefined ? null : JSON.stringify(record.response),
            record.createdAt,
          );
          if (inserted.changes === 1) return { stored: true as const };
          const existing = readIdempotency(record.id);
          if (existing) return { stored: false as const, record: existing };
        }
      });
    },

    async updateIdempotency(id, response) {
      run("updateIdempotency", () => {
        statement("UPDATE idempotency SET response = ? WHERE id = ?").run(JSON.stringify(response), id);
      });
    },

    async getChannel(id) {
      return run("getChannel", () => {
        const row = statement(`SELECT ${channelColumns} FROM channels WHERE id = ?`).get(id) as
          | ChannelRow
          | undefined;
        return row ? channelFromRow(row) : undefined;
      });
    },

    async putChannel(record, expectedVersion) {
      return run("putChannel", () => {
        // One statement each way, so the version decides between writers in this process and in others.
        const values = [
          record.scheme,
          record.network,
          record.payTo,
          record.asset,
          JSON.stringify(record.state),
          expectedVersion + 1,
          Date.now(),
        ] as const;
        const row = (
          expectedVersion === 0
            ? statement(
                `INSERT INTO channels (scheme, network, pay_to, asset, state, version, updated_at, id)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING ${channelColumns}`,
              ).get(...values, record.id)
            : statement(
                `UPDATE channels SET scheme = ?, network = ?, pay_to = ?, asset = ?, state = ?, version = ?,
                   updated_at = ? WHERE id = ? AND version = ? RETURNING ${channelColumns}`,
              ).get(...values, record.id, expectedVersion)
        ) as ChannelRow | undefined;
        return row ? channelFromRow(row) : undefined;
      });
    },

    async deleteChannel(id, expectedVersion) {
      return run(
        "deleteChannel",
        () =>
          statement("DELETE FROM channels WHERE id = ? AND version = ?").run(id, expectedVersion).changes ===
          1,
      );
    },

    async listChannels({ scheme, network, payTo, asset, afterId, limit = 1_000 }) {
      return run("listChannels", () => {
        const rows = statement(
          `SELECT ${channelColumns} FROM channels WHERE scheme = ?
             AND (?2 IS NULL OR network = ?2) AND (?3 IS NULL OR pay_to = ?3) AND (?4 IS NULL OR asset = ?4)
             AND (?5 IS NULL OR id > ?5)
           ORDER BY id LIMIT ?6`,
        ).all(scheme, network ?? null, payTo ?? null, asset ?? null, afterId ?? null, limit) as ChannelRow[];
        return rows.map(channelFromRow);
      });
    },

    async ping() {
      run("ping", () => statement("SELECT 1").get());
    },

    async close() {
      if (closed) return;
      closed = true;
      statements.clear();
      db.close();
    },
  };
}

/** Applies the migrations that the file lacks, in one write transaction (a second process waits, then skips). */
function migrate(db: DatabaseSync) {
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
    );
    const current =
      (
        db.prepare("SELECT max(version) AS version FROM schema_version").get() as {
          version: number | null;
        }
      ).version ?? 0;
    const latest = sqliteMigrations.at(-1)?.version ?? 0;
    if (current > latest)
      throw new FacilitatorStoreError(
        "store_migration_failed",
        `The SQLite store is at schema version ${current}, newer than this x402kit knows (${latest}).`,
        { operation: "migrate", details: { current, latest } },
      );
    for (const migration of sqliteMigrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)").run(
        migration.version,
        Date.now(),
      );
    }
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}
