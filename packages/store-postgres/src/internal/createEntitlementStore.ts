import type { Entitlement, EntitlementStore } from "@x402kit/core";
import type { Database } from "./createDatabase.js";

type EntitlementRow = {
  resource: string;
  address: string;
  expires_at: Date;
  granted_at: Date;
  network: string | null;
  transaction: string | null;
};

/** The `EntitlementStore` part of the PostgreSQL store: sign-in-with-x for resource servers. */
export function createEntitlementStore(db: Database): EntitlementStore {
  const entitlements = db.table("entitlements");
  const nonces = db.table("sign_in_nonces");

  return {
    async grantEntitlement(entitlement) {
      // The later expiry wins, whichever instance writes first.
      await db.query("grantEntitlement")(
        `INSERT INTO ${entitlements} AS e (resource, address, expires_at, granted_at, network, "transaction")
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (resource, address) DO UPDATE SET expires_at = excluded.expires_at,
           granted_at = excluded.granted_at, network = excluded.network, "transaction" = excluded."transaction"
         WHERE excluded.expires_at > e.expires_at`,
        [
          entitlement.resource,
          entitlement.address,
          new Date(entitlement.expiresAt),
          new Date(entitlement.grantedAt),
          entitlement.network ?? null,
          entitlement.transaction ?? null,
        ],
      );
    },

    async findEntitlement({ resource, address, now }) {
      const result = await db.query("findEntitlement")<EntitlementRow>(
        `SELECT resource, address, expires_at, granted_at, network, "transaction" FROM ${entitlements}
         WHERE resource = $1 AND address = $2 AND expires_at > $3`,
        [resource, address, new Date(now)],
      );
      const row = result.rows[0];
      if (!row) return undefined;
      const entitlement: Entitlement = {
        resource: row.resource,
        address: row.address,
        expiresAt: row.expires_at.getTime(),
        grantedAt: row.granted_at.getTime(),
      };
      if (row.network !== null) entitlement.network = row.network;
      if (row.transaction !== null) entitlement.transaction = row.transaction;
      return entitlement;
    },

    async useSignInNonce({ nonce, expiresAt, now }) {
      const query = db.query("useSignInNonce");
      await query(`DELETE FROM ${nonces} WHERE expires_at < $1`, [new Date(now)]);
      // The primary key decides between instances: one insert wins.
      const inserted = await query(
        `INSERT INTO ${nonces} (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING`,
        [nonce, new Date(expiresAt)],
      );
      return inserted.rowCount === 1;
    },
  };
}
