import type { IdempotencyStore } from "@x402kit/core";
import type { Database } from "./createDatabase.js";
import { type IdempotencyRow, idempotencyFromRow, toJsonb } from "./rows.js";

/** The `IdempotencyStore` part of the PostgreSQL store (extensions/payment_identifier.md). */
export function createIdempotencyStore(
  db: Database,
): IdempotencyStore & { pruneIdempotency(before: number): Promise<number> } {
  const idempotency = db.table("idempotency");

  return {
    async putIdempotency(record) {
      const query = db.query("putIdempotency");
      // First writer of an id wins, whatever the instance; the others get its record to compare payload hashes.
      const inserted = await query(
        `INSERT INTO ${idempotency} (id, payload_hash, response, created_at) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (id) DO NOTHING`,
        [record.id, record.payloadHash, toJsonb(record.response), new Date(record.createdAt)],
      );
      if (inserted.rowCount === 1) return { stored: true };
      const existing = await query<IdempotencyRow>(
        `SELECT id, payload_hash, response, created_at FROM ${idempotency} WHERE id = $1`,
        [record.id],
      );
      return { stored: false, record: idempotencyFromRow(existing.rows[0]!) };
    },

    async pruneIdempotency(before: number) {
      const deleted = await db.query("pruneFinished")(`DELETE FROM ${idempotency} WHERE created_at < $1`, [
        new Date(before),
      ]);
      return deleted.rowCount ?? 0;
    },

    async updateIdempotency(id, response) {
      await db.query("updateIdempotency")(`UPDATE ${idempotency} SET response = $2::jsonb WHERE id = $1`, [
        id,
        toJsonb(response),
      ]);
    },
  };
}
