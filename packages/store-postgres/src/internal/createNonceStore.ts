import type { NonceStore } from "@x402kit/core";
import { PostgresStoreError } from "../PostgresStoreError.js";
import type { Database } from "./createDatabase.js";

/** The `NonceStore` part of the PostgreSQL store: one row per (account, chain) holding the next free nonce. */
export function createNonceStore(db: Database): Required<NonceStore> {
  const nonces = db.table("nonces");
  const invalid = (message: string, details: Record<string, unknown>) =>
    new PostgresStoreError("store_invalid_argument", `reserveNonce failed: ${message}`, {
      operation: "reserveNonce",
      details,
    });

  const reserveNonces: Required<NonceStore>["reserveNonces"] = async (
    account,
    chainId,
    count,
    chainNonce,
  ) => {
    if (!Number.isSafeInteger(count) || count < 1)
      throw invalid("the count is not a positive integer", { account, chainId, count });
    const query = db.query("reserveNonce");
    // The common case: one statement, serialised by the row lock, so concurrent callers on any instance get
    // consecutive nonces.
    const bumped = await query<{ reserved: string }>(
      `UPDATE ${nonces} SET next = next + $3, updated_at = now()
       WHERE account = $1 AND chain_id = $2 RETURNING next - $3 AS reserved`,
      [account, chainId, count],
    );
    const row = bumped.rows[0];
    if (row !== undefined) return Number(row.reserved);

    // No row (first use, or after resetNonce): ask the chain. Callers racing here all read the chain; the upsert
    // keeps the larger of the stored and the chain's nonce, so they still get consecutive, distinct nonces.
    const fromChain = await chainNonce();
    if (!Number.isSafeInteger(fromChain) || fromChain < 0)
      throw invalid("the chain nonce is not a count", { account, chainId, chainNonce: fromChain });
    const inserted = await query<{ reserved: string }>(
      `INSERT INTO ${nonces} AS n (account, chain_id, next) VALUES ($1, $2, $3::bigint + $4)
       ON CONFLICT (account, chain_id)
         DO UPDATE SET next = greatest(n.next, $3::bigint) + $4, updated_at = now()
       RETURNING next - $4 AS reserved`,
      [account, chainId, fromChain, count],
    );
    return Number(inserted.rows[0]!.reserved);
  };

  return {
    reserveNonce: (account, chainId, chainNonce) => reserveNonces(account, chainId, 1, chainNonce),
    reserveNonces,

    async resetNonce(account, chainId) {
      await db.query("resetNonce")(`DELETE FROM ${nonces} WHERE account = $1 AND chain_id = $2`, [
        account,
        chainId,
      ]);
    },
  };
}
