import type { NonceStore } from "@x402kit/core";
import { PostgresStoreError } from "../PostgresStoreError.js";
import type { Database } from "./createDatabase.js";

/** The `NonceStore` part of the PostgreSQL store: one row per (account, chain) holding the next free nonce. */
export function createNonceStore(db: Database): NonceStore {
  const nonces = db.table("nonces");

  return {
    async reserveNonce(account, chainId, chainNonce) {
      const query = db.query("reserveNonce");
      // The common case: one statement, serialised by the row lock, so concurrent callers on any instance get
      // consecutive nonces.
      const bumped = await query<{ reserved: string }>(
        `UPDATE ${nonces} SET next = next + 1, updated_at = now()
         WHERE account = $1 AND chain_id = $2 RETURNING next - 1 AS reserved`,
        [account, chainId],
      );
      const row = bumped.rows[0];
      if (row !== undefined) return Number(row.reserved);

      // No row (first use, or after resetNonce): ask the chain. Callers racing here all read the chain; the upsert
      // keeps the larger of the stored and the chain's nonce, so they still get consecutive, distinct nonces.
      const fromChain = await chainNonce();
      if (!Number.isSafeInteger(fromChain) || fromChain < 0) {
        throw new PostgresStoreError(
          "store_invalid_argument",
          "reserveNonce failed: the chain nonce is not a count",
          {
            operation: "reserveNonce",
            details: { account, chainId, chainNonce: fromChain },
          },
        );
      }
      const inserted = await query<{ reserved: string }>(
        `INSERT INTO ${nonces} AS n (account, chain_id, next) VALUES ($1, $2, $3::bigint + 1)
         ON CONFLICT (account, chain_id)
           DO UPDATE SET next = greatest(n.next, $3::bigint) + 1, updated_at = now()
         RETURNING next - 1 AS reserved`,
        [account, chainId, fromChain],
      );
      return Number(inserted.rows[0]!.reserved);
    },

    async resetNonce(account, chainId) {
      await db.query("resetNonce")(`DELETE FROM ${nonces} WHERE account = $1 AND chain_id = $2`, [
        account,
        chainId,
      ]);
    },
  };
}
