import type { SettlementRecord, SettlementStore } from "@x402kit/core";
import type { Database } from "./createDatabase.js";
import { type SettlementRow, settlementColumns, settlementFromRow, toJsonb } from "./rows.js";

/** How each patchable field is written: its column and how its value goes over the wire. */
const patchColumns: {
  [field in keyof Omit<SettlementRecord, "key">]-?: {
    column: string;
    nullable: boolean;
    encode?: (v: unknown) => unknown;
  };
} = {
  state: { column: "state", nullable: false },
  network: { column: "network", nullable: false },
  payer: { column: "payer", nullable: true },
  transaction: { column: '"transaction"', nullable: true },
  response: { column: "response", nullable: true, encode: toJsonb },
  acknowledged: { column: "acknowledged", nullable: false },
  deliveryToken: { column: "delivery_token", nullable: true },
  payload: { column: "payload", nullable: false, encode: toJsonb },
  requirements: { column: "requirements", nullable: false, encode: toJsonb },
  owner: { column: "owner", nullable: false },
  createdAt: { column: "created_at", nullable: false, encode: (v) => new Date(v as number) },
  updatedAt: { column: "updated_at", nullable: false, encode: (v) => new Date(v as number) },
};

/** The `SettlementStore` part of the PostgreSQL store. */
export function createSettlementStore(
  db: Database,
): SettlementStore & { pruneFinishedSettlements(before: number): Promise<number> } {
  const settlements = db.table("settlements");

  async function getSettlement(
    key: string,
    operation = "getSettlement",
  ): Promise<SettlementRecord | undefined> {
    const result = await db.query(operation)<SettlementRow>(
      `SELECT ${settlementColumns} FROM ${settlements} WHERE key = $1`,
      [key],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : settlementFromRow(row);
  }

  return {
    async claimSettlement(record) {
      const query = db.query("claimSettlement");
      // The primary key decides: of any number of concurrent claims, on any number of instances, one inserts.
      // A loser reads the winner's row; should that row be deleted in between (a failure before broadcast), the
      // loser tries again.
      for (;;) {
        const inserted = await query(
          `INSERT INTO ${settlements} (${settlementColumns})
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13)
           ON CONFLICT (key) DO NOTHING`,
          [
            record.key,
            record.state,
            record.network,
            record.payer ?? null,
            record.transaction ?? null,
            toJsonb(record.response),
            record.acknowledged,
            record.deliveryToken ?? null,
            toJsonb(record.payload),
            toJsonb(record.requirements),
            record.owner,
            new Date(record.createdAt),
            new Date(record.updatedAt),
          ],
        );
        if (inserted.rowCount === 1) return { claimed: true };
        const existing = await getSettlement(record.key, "claimSettlement");
        if (existing !== undefined) return { claimed: false, record: existing };
      }
    },

    async updateSettlement(key, patch) {
      const sets: string[] = [];
      const values: unknown[] = [key];
      for (const [field, spec] of Object.entries(patchColumns)) {
        if (!Object.hasOwn(patch, field)) continue;
        const value = patch[field as keyof typeof patch];
        // A field present as `undefined` clears an optional column, as `{ ...record, ...patch }` would; a
        // required column keeps its value.
        if (value === undefined && !spec.nullable) continue;
        values.push(value === undefined ? null : spec.encode ? spec.encode(value) : value);
        sets.push(`${spec.column} = $${values.length}`);
      }
      if (!Object.hasOwn(patch, "updatedAt") || patch.updatedAt === undefined)
        sets.push("updated_at = now()");
      await db.query("updateSettlement")(
        `UPDATE ${settlements} SET ${sets.join(", ")} WHERE key = $1`,
        values,
      );
    },

    async acknowledgeSettlement(key, deliveryToken) {
      const query = db.query("acknowledgeSettlement");
      const result = await query(
        `UPDATE ${settlements} SET acknowledged = true, delivery_token = $2, updated_at = now()
         WHERE key = $1 AND NOT acknowledged`,
        [key, deliveryToken || null],
      );
      if (result.rowCount === 1) return true;
      // Once acknowledged, the token never changes: the caller that won may take its answer again.
      if (!deliveryToken) return false;
      const again = await query(
        `SELECT 1 FROM ${settlements} WHERE key = $1 AND acknowledged AND delivery_token = $2`,
        [key, deliveryToken],
      );
      return again.rowCount === 1;
    },

    getSettlement: (key) => getSettlement(key),

    async listUnfinishedSettlements(owner) {
      const byOwner = owner === undefined ? "" : "AND owner = $1";
      const result = await db.query("listUnfinishedSettlements")<SettlementRow>(
        `SELECT ${settlementColumns} FROM ${settlements}
         WHERE state IN ('settling', 'broadcast') ${byOwner}
         ORDER BY created_at, key`,
        owner === undefined ? [] : [owner],
      );
      return result.rows.map(settlementFromRow);
    },

    async deleteSettlement(key) {
      await db.query("deleteSettlement")(`DELETE FROM ${settlements} WHERE key = $1`, [key]);
    },

    async pruneFinishedSettlements(before: number) {
      const deleted = await db.query("pruneFinished")(
        `DELETE FROM ${settlements} WHERE state IN ('confirmed', 'failed') AND updated_at < $1`,
        [new Date(before)],
      );
      return deleted.rowCount ?? 0;
    },
  };
}
