import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import {
  type ChannelRecord,
  type ChannelStore,
  type DiscoveredResourceRecord,
  type DiscoveryStore,
  discoverySearchText,
  discoverySearchWords,
  type Entitlement,
  type EntitlementStore,
  type FacilitatorStore,
  type IdempotencyRecord,
  type RetentionStore,
  type SettlementRecord,
  type SettlementState,
  type StoreWriteOptions,
} from "@x402kit/core";
import { addressKey } from "@x402kit/types";
import { z } from "zod";
import { FacilitatorStoreError } from "../errors/FacilitatorStoreError.js";
import { createWalSync, type WalSync } from "./createWalSync.js";
import { sqliteMigrations } from "./sqliteMigrations.js";

export type CreateSqliteStoreParameters = {
  /** The database file; it and its parent directory are created on first start. `:memory:` for a throwaway one. */
  path: string;
  /** How long a statement waits for another process's write lock, in milliseconds. Default 5 000. */
  busyTimeoutMs?: number | undefined;
};

export type SqliteStore = FacilitatorStore &
  RetentionStore &
  ChannelStore &
  DiscoveryStore &
  EntitlementStore & {
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

  // Commits write the WAL; `walSync` makes them durable off the event loop, one fdatasync for many (as FULL would
  // one by one). Should the WAL file not be found, SQLite syncs each commit itself (FULL).
  let walSync: WalSync | undefined;
  if (!inMemory)
    try {
      walSync = createWalSync({ path });
      db.exec("PRAGMA synchronous = NORMAL");
    } catch {
      walSync = undefined;
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
  const closedError = (operation: string) =>
    new FacilitatorStoreError("store_closed", "The SQLite store is closed.", { operation });
  const failure = (operation: string, error: unknown) =>
    error instanceof FacilitatorStoreError
      ? error
      : new FacilitatorStoreError("store_query_failed", `${operation} failed on the SQLite store.`, {
          operation,
          cause: error,
        });
  /** Runs a read as `operation` at once, mapping SQLite's errors to FacilitatorStoreError. */
  const read = <result>(operation: string, body: () => result): result => {
    if (closed) throw closedError(operation);
    try {
      return body();
    } catch (error) {
      throw failure(operation, error);
    }
  };

  // Group commit: the writes asked for in one turn of the event loop run together in one `BEGIN IMMEDIATE`
  // transaction, and the WAL is synced once for all the groups committed meanwhile. A durable write's promise
  // resolves once its commit is on disk, as with a synced transaction per write; a `committed` one's right after the
  // commit (core's StoreWriteDurability): the WAL keeps commits in order, so the next sync takes it to disk too, and
  // a group of committed writes alone starts no sync.
  type Write = {
    operation: string;
    durable: boolean;
    body: () => unknown;
    resolve: (value: never) => void;
    reject: (error: unknown) => void;
  };
  let queued: Write[] = [];
  let flushing: ReturnType<typeof setImmediate> | undefined;
  const flush = () => {
    flushing = undefined;
    const group = queued;
    queued = [];
    if (group.length === 0) return;
    if (closed) {
      for (const write of group) write.reject(closedError(write.operation));
      return;
    }
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (error) {
      for (const write of group) write.reject(failure(write.operation, error));
      return;
    }
    for (const write of group) {
      // A failed statement is undone by SQLite alone; should the whole transaction be gone (a full disk, an I/O
      // error), the writes after it are not run at all.
      if (!db.isTransaction) {
        results.push({ ok: false, error: new Error("the group's transaction was rolled back") });
        continue;
      }
      try {
        results.push({ ok: true, value: write.body() });
      } catch (error) {
        results.push({ ok: false, error });
      }
    }
    try {
      db.exec("COMMIT");
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      for (const write of group) write.reject(failure(write.operation, error));
      return;
    }
    // Without `walSync` there is nothing to sync (`:memory:`), or SQLite synced the commit itself (FULL).
    const synced = group.some((write) => write.durable) ? walSync?.sync() : undefined;
    for (const [index, write] of group.entries()) {
      const result = results[index]!;
      if (!result.ok) write.reject(failure(write.operation, result.error));
      else if (!synced || !write.durable) write.resolve(result.value as never);
      else
        synced.then(
          () => write.resolve(result.value as never),
          (error: unknown) => write.reject(failure(write.operation, error)),
        );
    }
  };
  /** Runs a write as `operation` in the next group commit. */
  const write = <result>(
    operation: string,
    body: () => result,
    options?: StoreWriteOptions,
  ): Promise<result> =>
    new Promise<result>((resolve, reject) => {
      if (closed) {
        reject(closedError(operation));
        return;
      }
      const durable = options?.durability !== "committed";
      queued.push({ operation, durable, body, resolve: resolve as (value: never) => void, reject });
      flushing ??= setImmediate(flush);
    });
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

  const reserveNonces: NonNullable<FacilitatorStore["reserveNonces"]> = async (
    account,
    chainId,
    count,
    chainNonce,
    options,
  ) => {
    const owner = nonceAccount(account);
    const invalid = (message: string, details: Record<string, unknown>) =>
      new FacilitatorStoreError("store_invalid_argument", `reserveNonces: ${message}`, {
        operation: "reserveNonce",
        details: { account, chainId, ...details },
      });
    if (!Number.isSafeInteger(count) || count < 1)
      throw invalid("the count must be a positive integer.", { count });
    // The common case: the stored nonce, bumped by `count` in one write.
    const bumped = await write(
      "reserveNonce",
      () =>
        statement(
          `UPDATE nonces SET next = next + ?, updated_at = ? WHERE account = ? AND chain_id = ?
           RETURNING next - ? AS reserved`,
        ).get(count, Date.now(), owner, chainId, count) as { reserved: number } | undefined,
      options,
    );
    if (bumped) return bumped.reserved;
    // No row (first use, or after resetNonce): ask the chain outside the transaction. Racers all read the chain;
    // the upsert keeps the larger of the stored and the chain's nonce, so they still get distinct, consecutive
    // nonces.
    const fromChain = await chainNonce();
    if (!Number.isSafeInteger(fromChain) || fromChain < 0)
      throw invalid("the chain nonce is not a count.", { chainNonce: fromChain });
    return write(
      "reserveNonce",
      () => {
        const row = statement(
          `INSERT INTO nonces (account, chain_id, next, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account, chain_id) DO UPDATE SET next = max(next, excluded.next - ?) + ?,
           updated_at = excluded.updated_at
         RETURNING next - ? AS reserved`,
        ).get(owner, chainId, fromChain + count, Date.now(), count, count, count) as { reserved: number };
        return row.reserved;
      },
      options,
    );
  };

  return {
    path,

    async claimSettlement(record, options) {
      return write(
        "claimSettlement",
        () => {
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
        },
        options,
      );
    },

    async updateSettlement(key, patch, options) {
      await write(
        "updateSettlement",
        () => {
          const sets: string[] = [];
          const values: SQLInputValue[] = [];
          for (const [field, spec] of Object.entries(patchColumns)) {
            if (!Object.hasOwn(patch, field)) continue;
            const value = patch[field as keyof typeof patch];
            // `undefined` clears an optional column, as `{ ...record, ...patch }` reads; a required one keeps its value.
            if (value === undefined && !spec.nullable) continue;
            sets.push(`${spec.column} = ?`);
            values.push(
              value === undefined
                ? null
                : spec.encode
                  ? spec.encode(value as never)
                  : (value as SQLInputValue),
            );
          }
          if (patch.updatedAt === undefined) {
            sets.push("updated_at = ?");
            values.push(Date.now());
          }
          statement(`UPDATE settlements SET ${sets.join(", ")} WHERE key = ?`).run(...values, key);
        },
        options,
      );
    },

    async acknowledgeSettlement(key, deliveryToken) {
      return write("acknowledgeSettlement", () => {
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
      return read("getSettlement", () => readSettlement(key));
    },

    async listUnfinishedSettlements(owner) {
      return read("listUnfinishedSettlements", () => {
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
      await write("deleteSettlement", () => {
        statement("DELETE FROM settlements WHERE key = ?").run(key);
      });
    },

    async pruneFinished({ before }) {
      return write("pruneFinished", () => ({
        settlements: Number(
          statement("DELETE FROM settlements WHERE state IN ('confirmed', 'failed') AND updated_at < ?").run(
            before,
          ).changes,
        ),
        idempotency: Number(statement("DELETE FROM idempotency WHERE created_at < ?").run(before).changes),
      }));
    },

    reserveNonce(account, chainId, chainNonce, options) {
      return reserveNonces(account, chainId, 1, chainNonce, options);
    },

    reserveNonces,

    async resetNonce(account, chainId) {
      await write("resetNonce", () => {
        statement("DELETE FROM nonces WHERE account = ? AND chain_id = ?").run(
          nonceAccount(account),
          chainId,
        );
      });
    },

    async putIdempotency(record) {
      return write("putIdempotency", () => {
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
      await write("updateIdempotency", () => {
        statement("UPDATE idempotency SET response = ? WHERE id = ?").run(JSON.stringify(response), id);
      });
    },

    async getChannel(id) {
      return read("getChannel", () => {
        const row = statement(`SELECT ${channelColumns} FROM channels WHERE id = ?`).get(id) as
          | ChannelRow
          | undefined;
        return row ? channelFromRow(row) : undefined;
      });
    },

    async putChannel(record, expectedVersion) {
      return write("putChannel", () => {
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
      return write(
        "deleteChannel",
        () =>
          statement("DELETE FROM channels WHERE id = ? AND version = ?").run(id, expectedVersion).changes ===
          1,
      );
    },

    async listChannels({ scheme, network, payTo, asset, afterId, limit = 1_000 }) {
      return read("listChannels", () => {
        const rows = statement(
          `SELECT ${channelColumns} FROM channels WHERE scheme = ?
             AND (?2 IS NULL OR network = ?2) AND (?3 IS NULL OR pay_to = ?3) AND (?4 IS NULL OR asset = ?4)
             AND (?5 IS NULL OR id > ?5)
           ORDER BY id LIMIT ?6`,
        ).all(scheme, network ?? null, payTo ?? null, asset ?? null, afterId ?? null, limit) as ChannelRow[];
        return rows.map(channelFromRow);
      });
    },

    async getDiscoveredResource(key) {
      return read("getDiscoveredResource", () => {
        const row = statement("SELECT record FROM discovered_resources WHERE key = ?").get(key) as
          | { record: string }
          | undefined;
        return row ? (JSON.parse(row.record) as DiscoveredResourceRecord) : undefined;
      });
    },

    async putDiscoveredResource(record) {
      await write("putDiscoveredResource", () => {
        statement(
          `INSERT INTO discovered_resources (key, type, record, search_text, last_updated) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET type = excluded.type, record = excluded.record,
             search_text = excluded.search_text, last_updated = excluded.last_updated`,
        ).run(
          record.key,
          record.type,
          JSON.stringify(record),
          discoverySearchText(record),
          record.lastUpdated,
        );
      });
    },

    async listDiscoveredResources(parameters) {
      return read("listDiscoveredResources", () => {
        // The same filters as core's matchesDiscoveryFilters: payTo, scheme and network hold for one of `accepts`;
        // every search word occurs in search_text.
        const conditions = [
          "(:type IS NULL OR type = :type)",
          "(:extension IS NULL OR EXISTS (SELECT 1 FROM json_each(record, '$.extensions') e WHERE e.value = :extension))",
          `EXISTS (SELECT 1 FROM json_each(record, '$.accepts') a WHERE
             (:payTo IS NULL OR lower(json_extract(a.value, '$.payTo')) = lower(:payTo)) AND
             (:scheme IS NULL OR json_extract(a.value, '$.scheme') = :scheme) AND
             (:network IS NULL OR json_extract(a.value, '$.network') = :network))`,
        ];
        const values: Record<string, SQLInputValue> = {
          type: parameters.type ?? null,
          extension: parameters.extension ?? null,
          payTo: parameters.payTo ?? null,
          scheme: parameters.scheme ?? null,
          network: parameters.network ?? null,
        };
        discoverySearchWords(parameters.text).forEach((word, index) => {
          conditions.push(`search_text LIKE :word${index} ESCAPE '!'`);
          values[`word${index}`] = `%${escapeLike(word)}%`;
        });
        const where = conditions.join(" AND ");
        const { total } = statement(`SELECT count(*) AS total FROM discovered_resources WHERE ${where}`).get(
          values,
        ) as { total: number };
        const rows = statement(
          `SELECT record FROM discovered_resources WHERE ${where}
           ORDER BY last_updated DESC, key LIMIT :limit OFFSET :offset`,
        ).all({ ...values, limit: parameters.limit, offset: parameters.offset }) as { record: string }[];
        return { items: rows.map((row) => JSON.parse(row.record) as DiscoveredResourceRecord), total };
      });
    },

    async grantEntitlement(entitlement) {
      await write("grantEntitlement", () => {
        statement(
          `INSERT INTO entitlements (resource, address, expires_at, granted_at, network, "transaction")
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (resource, address) DO UPDATE SET expires_at = excluded.expires_at,
             granted_at = excluded.granted_at, network = excluded.network, "transaction" = excluded."transaction"
           WHERE excluded.expires_at > entitlements.expires_at`,
        ).run(
          entitlement.resource,
          entitlement.address,
          entitlement.expiresAt,
          entitlement.grantedAt,
          entitlement.network ?? null,
          entitlement.transaction ?? null,
        );
      });
    },

    async findEntitlement({ resource, address, now }) {
      return read("findEntitlement", () => {
        const row = statement(
          `SELECT resource, address, expires_at, granted_at, network, "transaction" FROM entitlements
           WHERE resource = ? AND address = ? AND expires_at > ?`,
        ).get(resource, address, now) as
          | {
              resource: string;
              address: string;
              expires_at: number;
              granted_at: number;
              network: string | null;
              transaction: string | null;
            }
          | undefined;
        if (!row) return undefined;
        const entitlement: Entitlement = {
          resource: row.resource,
          address: row.address,
          expiresAt: row.expires_at,
          grantedAt: row.granted_at,
        };
        if (row.network !== null) entitlement.network = row.network;
        if (row.transaction !== null) entitlement.transaction = row.transaction;
        return entitlement;
      });
    },

    async useSignInNonce({ nonce, expiresAt, now }) {
      // One group-commit write: the purge and the claim commit together.
      return write("useSignInNonce", () => {
        statement("DELETE FROM sign_in_nonces WHERE expires_at < ?").run(now);
        return (
          statement(
            "INSERT INTO sign_in_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING",
          ).run(nonce, expiresAt).changes === 1
        );
      });
    },

    async ping() {
      read("ping", () => statement("SELECT 1").get());
    },

    async close() {
      if (closed) return;
      // The writes already asked for are committed first.
      if (flushing) {
        clearImmediate(flushing);
        flush();
      }
      closed = true;
      statements.clear();
      await walSync?.close();
      db.close();
    },
  };
}

/** A LIKE pattern that matches `text` literally (escape character `!`). */
const escapeLike = (text: string) => text.replace(/[!%_]/g, "!$&");

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
