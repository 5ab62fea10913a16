import {
  type DiscoveredResourceRecord,
  type DiscoveryStore,
  discoverySearchText,
  discoverySearchWords,
} from "@x402kit/core";
import type { Database } from "./createDatabase.js";
import { toJsonb } from "./rows.js";

/** A LIKE pattern that matches `text` literally (escape character `!`). */
const escapeLike = (text: string) => text.replace(/[!%_]/g, "!$&");

/** The `DiscoveryStore` part of the PostgreSQL store: the bazaar catalog (extensions/bazaar.md). */
export function createDiscoveryStore(db: Database): DiscoveryStore {
  const table = db.table("discovered_resources");

  return {
    async getDiscoveredResource(key) {
      const result = await db.query("getDiscoveredResource")<{ record: DiscoveredResourceRecord }>(
        `SELECT record FROM ${table} WHERE key = $1`,
        [key],
      );
      return result.rows[0]?.record;
    },

    async putDiscoveredResource(record) {
      await db.query("putDiscoveredResource")(
        `INSERT INTO ${table} (key, type, record, search_text, last_updated) VALUES ($1, $2, $3::jsonb, $4, $5)
         ON CONFLICT (key) DO UPDATE SET type = excluded.type, record = excluded.record,
           search_text = excluded.search_text, last_updated = excluded.last_updated`,
        [record.key, record.type, toJsonb(record), discoverySearchText(record), new Date(record.lastUpdated)],
      );
    },

    async listDiscoveredResources(parameters) {
      const query = db.query("listDiscoveredResources");
      // The same filters as core's matchesDiscoveryFilters: payTo, scheme and network hold for one of `accepts`;
      // every search word occurs in search_text.
      const values: unknown[] = [
        parameters.type ?? null,
        parameters.extension ?? null,
        parameters.payTo ?? null,
        parameters.scheme ?? null,
        parameters.network ?? null,
      ];
      const conditions = [
        "($1::text IS NULL OR type = $1)",
        "($2::text IS NULL OR jsonb_exists(record->'extensions', $2))",
        `EXISTS (SELECT 1 FROM jsonb_array_elements(record->'accepts') a WHERE
           ($3::text IS NULL OR lower(a->>'payTo') = lower($3)) AND
           ($4::text IS NULL OR a->>'scheme' = $4) AND
           ($5::text IS NULL OR a->>'network' = $5))`,
      ];
      for (const word of discoverySearchWords(parameters.text)) {
        values.push(`%${escapeLike(word)}%`);
        conditions.push(`search_text LIKE $${values.length} ESCAPE '!'`);
      }
      const where = conditions.join(" AND ");
      const [counted, page] = await Promise.all([
        query<{ total: string }>(`SELECT count(*) AS total FROM ${table} WHERE ${where}`, values),
        query<{ record: DiscoveredResourceRecord }>(
          `SELECT record FROM ${table} WHERE ${where}
           ORDER BY last_updated DESC, key LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
          [...values, parameters.limit, parameters.offset],
        ),
      ]);
      return { items: page.rows.map((row) => row.record), total: Number(counted.rows[0]?.total ?? 0) };
    },
  };
}
