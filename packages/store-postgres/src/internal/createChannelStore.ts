import type { ChannelRecord, ChannelStore } from "@x402kit/core";
import type { Database } from "./createDatabase.js";

type ChannelRow = {
  id: string;
  scheme: string;
  network: string;
  pay_to: string;
  asset: string;
  state: Record<string, unknown>;
  version: string;
  updated_at: Date;
};

const columns = "id, scheme, network, pay_to, asset, state, version, updated_at";

function channelFromRow(row: ChannelRow): ChannelRecord {
  return {
    id: row.id,
    scheme: row.scheme,
    network: row.network,
    payTo: row.pay_to,
    asset: row.asset,
    state: row.state,
    version: Number(row.version),
    updatedAt: row.updated_at.getTime(),
  };
}

/** The `ChannelStore` part of the PostgreSQL store: one statement per write, decided by the row's version. */
export function createChannelStore(db: Database): ChannelStore {
  const channels = db.table("channels");

  return {
    async getChannel(id) {
      const found = await db.query("getChannel")<ChannelRow>(
        `SELECT ${columns} FROM ${channels} WHERE id = $1`,
        [id],
      );
      return found.rows[0] ? channelFromRow(found.rows[0]) : undefined;
    },

    async putChannel(record, expectedVersion) {
      const values = [
        record.id,
        record.scheme,
        record.network,
        record.payTo,
        record.asset,
        JSON.stringify(record.state),
        expectedVersion + 1,
        new Date(),
      ];
      const written =
        expectedVersion === 0
          ? await db.query("putChannel")<ChannelRow>(
              `INSERT INTO ${channels} (${columns}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
               ON CONFLICT (id) DO NOTHING RETURNING ${columns}`,
              values,
            )
          : await db.query("putChannel")<ChannelRow>(
              `UPDATE ${channels} SET scheme = $2, network = $3, pay_to = $4, asset = $5, state = $6::jsonb,
                 version = $7, updated_at = $8
               WHERE id = $1 AND version = $9 RETURNING ${columns}`,
              [...values, expectedVersion],
            );
      return written.rows[0] ? channelFromRow(written.rows[0]) : undefined;
    },

    async deleteChannel(id, expectedVersion) {
      const deleted = await db.query("deleteChannel")(
        `DELETE FROM ${channels} WHERE id = $1 AND version = $2`,
        [id, expectedVersion],
      );
      return deleted.rowCount === 1;
    },

    async listChannels({ scheme, network, payTo, asset, afterId, limit = 1_000 }) {
      const found = await db.query("listChannels")<ChannelRow>(
        `SELECT ${columns} FROM ${channels} WHERE scheme = $1
           AND ($2::text IS NULL OR network = $2) AND ($3::text IS NULL OR pay_to = $3)
           AND ($4::text IS NULL OR asset = $4) AND ($5::text IS NULL OR id > $5)
         ORDER BY id LIMIT $6`,
        [scheme, network ?? null, payTo ?? null, asset ?? null, afterId ?? null, limit],
      );
      return found.rows.map(channelFromRow);
    },
  };
}
