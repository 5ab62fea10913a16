import type { SettlementStore } from "@x402kit/core";
import { z } from "zod";
import { PostgresStoreError } from "../PostgresStoreError.js";
import type { SignerLeaseStore } from "../signerLeases.js";
import type { Database, Query } from "./createDatabase.js";

const ownerSchema = z.string().min(1).optional();
const accountSchema = z.string().min(1);
/** Up to a day: a lease is a heartbeat, not a reservation. */
const ttlSchema = z.number().int().positive().max(86_400_000);

const acquireSchema = z.object({
  owner: ownerSchema,
  accounts: z.array(accountSchema).min(1),
  ttlMs: ttlSchema,
  resolvePending: z
    .custom<(previousOwner: string) => Promise<void>>((value) => typeof value === "function")
    .optional(),
});
const renewSchema = z.object({ owner: ownerSchema, account: accountSchema, ttlMs: ttlSchema });
const releaseSchema = z.object({ owner: ownerSchema, account: accountSchema });

function parse<schema extends z.ZodType>(schema: schema, value: unknown, operation: string): z.infer<schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new PostgresStoreError("store_invalid_argument", `${operation}: ${z.prettifyError(result.error)}`, {
    operation,
  });
}

export type CreateSignerLeaseStoreParameters = {
  db: Database;
  /** The default owner. */
  instanceId: string;
  listUnfinishedSettlements: SettlementStore["listUnfinishedSettlements"];
};

/** The signer-lease part of the PostgreSQL store (see `SignerLeaseStore`). */
export function createSignerLeaseStore({
  db,
  instanceId,
  listUnfinishedSettlements,
}: CreateSignerLeaseStoreParameters): SignerLeaseStore {
  const leases = db.table("signer_leases");
  const nonces = db.table("nonces");
  const expiry = "now() + make_interval(secs => $3::double precision / 1000)";

  /** Leases a free account, or renews one `owner` holds; forgets the account's nonces when it is new to `owner`. */
  async function takeFreeOrOwn(
    query: Query,
    account: string,
    owner: string,
    ttlMs: number,
  ): Promise<boolean> {
    const result = await query(
      `WITH taken AS (
         INSERT INTO ${leases} AS l (account, owner, expires_at) VALUES ($1, $2, ${expiry})
         ON CONFLICT (account) DO UPDATE SET expires_at = excluded.expires_at WHERE l.owner = excluded.owner
         RETURNING account, (xmax = 0) AS inserted
       ), forgotten AS (
         DELETE FROM ${nonces} n USING taken WHERE taken.inserted AND n.account = taken.account
       )
       SELECT account FROM taken`,
      [account, owner, ttlMs],
    );
    return result.rowCount === 1;
  }

  /** Whether `owner`'s unfinished settlements are all resolved, resolving them if it is allowed to. */
  async function previousOwnerIsDone(
    query: Query,
    previousOwner: string,
    resolvePending: ((previousOwner: string) => Promise<void>) | undefined,
  ): Promise<boolean> {
    if ((await listUnfinishedSettlements(previousOwner)).length === 0) return true;
    if (resolvePending === undefined) return false;
    // An owner that still renews another lease is alive: its settlements are its own business.
    const alive = await query(`SELECT 1 FROM ${leases} WHERE owner = $1 AND expires_at > now() LIMIT 1`, [
      previousOwner,
    ]);
    if (alive.rowCount !== 0) return false;
    await resolvePending(previousOwner);
    return (await listUnfinishedSettlements(previousOwner)).length === 0;
  }

  /**
   * Takes over an expired lease. A session advisory lock per account lets one instance at a time examine it; the
   * lock goes with the connection if this instance dies meanwhile.
   */
  function takeOver(
    account: string,
    previousOwner: string,
    owner: string,
    ttlMs: number,
    resolvePending: ((previousOwner: string) => Promise<void>) | undefined,
  ): Promise<boolean> {
    const lockName = `x402kit.lease.${db.schema}.${account}`;
    return db.withConnection("acquireSignerLease", async (query) => {
      const locked = await query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
        [lockName],
      );
      if (locked.rows[0]?.locked !== true) return false;
      try {
        const current = await query<{ owner: string }>(
          `SELECT owner FROM ${leases} WHERE account = $1 AND expires_at <= now()`,
          [account],
        );
        if (current.rows[0]?.owner !== previousOwner) return false;
        if (!(await previousOwnerIsDone(query, previousOwner, resolvePending))) return false;
        const taken = await query(
          `WITH taken AS (
             UPDATE ${leases} SET owner = $2, expires_at = ${expiry}, acquired_at = now()
             WHERE account = $1 AND owner = $4 AND expires_at <= now()
             RETURNING account
           ), forgotten AS (
             DELETE FROM ${nonces} n USING taken WHERE n.account = taken.account
           )
           SELECT account FROM taken`,
          [account, owner, ttlMs, previousOwner],
        );
        return taken.rowCount === 1;
      } finally {
        await query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockName]);
      }
    });
  }

  return {
    async acquireSignerLease(parameters) {
      const { accounts, ttlMs, resolvePending, ...rest } = parse(
        acquireSchema,
        parameters,
        "acquireSignerLease",
      );
      const owner = rest.owner ?? instanceId;
      const query = db.query("acquireSignerLease");

      // 1. The account this owner already holds (after a restart under the same instance id, say).
      const held = await query<{ account: string }>(
        `SELECT account FROM ${leases} WHERE owner = $1 AND account = ANY($2::text[])`,
        [owner, accounts],
      );
      const heldAccounts = new Set(held.rows.map((row) => row.account));
      const own = accounts.find((account) => heldAccounts.has(account));
      if (own !== undefined && (await takeFreeOrOwn(query, own, owner, ttlMs))) return own;

      // 2. A free account.
      for (const account of accounts) {
        if (await takeFreeOrOwn(query, account, owner, ttlMs)) return account;
      }

      // 3. An expired one, once its previous owner's settlements are resolved.
      const expired = await query<{ account: string; owner: string }>(
        `SELECT account, owner FROM ${leases} WHERE account = ANY($1::text[]) AND expires_at <= now()`,
        [accounts],
      );
      const previousOwners = new Map(expired.rows.map((row) => [row.account, row.owner]));
      for (const account of accounts) {
        const previousOwner = previousOwners.get(account);
        if (previousOwner === undefined) continue;
        if (await takeOver(account, previousOwner, owner, ttlMs, resolvePending)) return account;
      }
      return undefined;
    },

    async renewSignerLease(parameters) {
      const { account, ttlMs, ...rest } = parse(renewSchema, parameters, "renewSignerLease");
      const result = await db.query("renewSignerLease")(
        `UPDATE ${leases} SET expires_at = ${expiry} WHERE account = $1 AND owner = $2`,
        [account, rest.owner ?? instanceId, ttlMs],
      );
      return result.rowCount === 1;
    },

    async releaseSignerLease(parameters) {
      const { account, ...rest } = parse(releaseSchema, parameters, "releaseSignerLease");
      const result = await db.query("releaseSignerLease")(
        `DELETE FROM ${leases} WHERE account = $1 AND owner = $2`,
        [account, rest.owner ?? instanceId],
      );
      return result.rowCount === 1;
    },
  };
}
