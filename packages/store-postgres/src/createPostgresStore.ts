import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type {
  ChannelStore,
  DiscoveryStore,
  EntitlementStore,
  FacilitatorStore,
  RetentionStore,
} from "@x402kit/core";
import pg from "pg";
import { z } from "zod";
import { createChannelStore } from "./internal/createChannelStore.js";
import { createDatabase } from "./internal/createDatabase.js";
import { createDiscoveryStore } from "./internal/createDiscoveryStore.js";
import { createEntitlementStore } from "./internal/createEntitlementStore.js";
import { createIdempotencyStore } from "./internal/createIdempotencyStore.js";
import { createNonceStore } from "./internal/createNonceStore.js";
import { createSettlementStore } from "./internal/createSettlementStore.js";
import { createSignerLeaseStore } from "./internal/createSignerLeaseStore.js";
import { migrateDatabase } from "./internal/migrateDatabase.js";
import { PostgresStoreError } from "./PostgresStoreError.js";
import type { SignerLeaseStore } from "./signerLeases.js";

export type CreatePostgresStoreParameters = (
  | {
      /** `postgres://user:password@host:port/database`; the store creates its own pool and ends it on close. */
      connectionString: string;
      pool?: undefined;
    }
  | {
      /** A pool you own: the store does not end it on close. It needs at least 2 connections. */
      pool: pg.Pool;
      connectionString?: undefined;
    }
) & {
  /** The schema that holds the store's tables; created if missing. Default `x402kit`. */
  schema?: string | undefined;
  /** This instance's name: the default owner of signer leases. Default: host name, process id and a random part. */
  instanceId?: string | undefined;
};

/** The facilitator's store on PostgreSQL, plus signer leases and channel state. */
export type PostgresStore = FacilitatorStore &
  SignerLeaseStore &
  RetentionStore &
  ChannelStore &
  DiscoveryStore &
  EntitlementStore & {
    readonly instanceId: string;
    readonly schema: string;
  };

export type CreatePostgresStoreReturnType = Promise<PostgresStore>;

export type CreatePostgresStoreErrorType = PostgresStoreError;

const parametersSchema = z
  .object({
    connectionString: z.string().min(1).optional(),
    pool: z
      .custom<pg.Pool>(
        (value) =>
          typeof (value as pg.Pool | null)?.query === "function" &&
          typeof (value as pg.Pool | null)?.connect === "function",
        "expected a pg Pool",
      )
      .optional(),
    // Lower-case identifiers only, so the name means the same quoted or not (PostgreSQL's limit: 63 bytes).
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, "expected a lower-case SQL identifier")
      .default("x402kit"),
    instanceId: z.string().min(1).max(200).optional(),
  })
  .refine((value) => (value.connectionString === undefined) !== (value.pool === undefined), {
    message: "give exactly one of connectionString and pool",
  });

/**
 * Opens the store: validates the parameters, connects, and brings the schema up to date (migrations run once, even
 * when several instances start at once). Several facilitator instances may share one database: claims,
 * acknowledgements, nonces and idempotency ids are decided by the database.
 */
export async function createPostgresStore(
  parameters: CreatePostgresStoreParameters,
): CreatePostgresStoreReturnType {
  const parsed = parametersSchema.safeParse(parameters);
  if (!parsed.success) {
    throw new PostgresStoreError(
      "store_invalid_config",
      `createPostgresStore: ${z.prettifyError(parsed.error)}`,
      {
        operation: "createPostgresStore",
      },
    );
  }
  const { connectionString, schema } = parsed.data;
  const instanceId = parsed.data.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ownsPool = parsed.data.pool === undefined;
  const pool = parsed.data.pool ?? new pg.Pool({ connectionString, application_name: "x402kit-facilitator" });
  // An idle connection that breaks (a database restart) must not crash the process; the next query reports it.
  if (ownsPool) pool.on("error", () => undefined);

  const db = createDatabase({ pool, schema, ownsPool });
  try {
    await migrateDatabase(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }

  const { pruneFinishedSettlements, ...settlements } = createSettlementStore(db);
  const { pruneIdempotency, ...idempotency } = createIdempotencyStore(db);
  return {
    instanceId,
    schema,
    ...settlements,
    ...createNonceStore(db),
    ...idempotency,
    ...createDiscoveryStore(db),
    ...createEntitlementStore(db),
    async pruneFinished({ before }) {
      return {
        settlements: await pruneFinishedSettlements(before),
        idempotency: await pruneIdempotency(before),
      };
    },
    ...createChannelStore(db),
    ...createSignerLeaseStore({
      db,
      instanceId,
      listUnfinishedSettlements: settlements.listUnfinishedSettlements,
    }),
    async ping() {
      await db.query("ping")("SELECT 1");
    },
    close: () => db.close(),
  };
}
