/**
 * The SQLite store's schema, as plain-SQL migrations applied in order. Append a new entry to change the schema;
 * never edit one that has shipped. `schema_version` holds the versions applied.
 */
export const sqliteMigrations: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      -- One row per settlement key (the scheme's name for an authorization): the primary key makes a claim unique.
      CREATE TABLE settlements (
        key TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('settling', 'broadcast', 'confirmed', 'failed')),
        network TEXT NOT NULL,
        payer TEXT,
        "transaction" TEXT,
        response TEXT,
        acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
        payload TEXT NOT NULL,
        requirements TEXT NOT NULL,
        owner TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- Recovery lists the unfinished settlements of one owner.
      CREATE INDEX settlements_unfinished_by_owner ON settlements (owner, created_at)
        WHERE state IN ('settling', 'broadcast');

      -- payment-identifier extension: one payload per id.
      CREATE TABLE idempotency (
        id TEXT PRIMARY KEY,
        payload_hash TEXT NOT NULL,
        response TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;

      -- The next transaction nonce per signer account and chain.
      CREATE TABLE nonces (
        account TEXT NOT NULL,
        chain_id INTEGER NOT NULL,
        next INTEGER NOT NULL CHECK (next >= 0),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account, chain_id)
      ) STRICT;
    `,
  },
  {
    version: 2,
    sql: `
      -- The delivery token of the resource server that acknowledged a settlement (an x402kit extension of the settle
      -- request): it may take the first-hand answer again after losing it. NULL: acknowledged without one, or not yet.
      ALTER TABLE settlements ADD COLUMN delivery_token TEXT;
    `,
  },
  {
    version: 3,
    sql: `
      -- Channel state of stateful schemes (batch-settlement), written compare-and-set on version.
      CREATE TABLE channels (
        id TEXT PRIMARY KEY,
        scheme TEXT NOT NULL,
        network TEXT NOT NULL,
        pay_to TEXT NOT NULL,
        asset TEXT NOT NULL,
        state TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version > 0),
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- A server lists its own channels of a scheme.
      CREATE INDEX channels_by_scheme ON channels (scheme, network, pay_to, id);
    `,
  },
  {
    version: 4,
    sql: `
      -- The discovery catalog (extensions/bazaar.md): one row per resource (an MCP tool is keyed by its URL and name).
      -- \`record\` is the whole DiscoveredResourceRecord as JSON; \`search_text\` is what a search matches, lower-cased.
      CREATE TABLE discovered_resources (
        key TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        record TEXT NOT NULL,
        search_text TEXT NOT NULL,
        last_updated INTEGER NOT NULL
      ) STRICT;

      -- Listing is most recent first.
      CREATE INDEX discovered_resources_recent ON discovered_resources (last_updated DESC, key);
    `,
  },
  {
    version: 5,
    sql: `
      -- Sign-in-with-x, for resource servers (extensions/sign-in-with-x.md): who paid for what, until when.
      CREATE TABLE entitlements (
        resource TEXT NOT NULL,
        address TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        granted_at INTEGER NOT NULL,
        network TEXT,
        "transaction" TEXT,
        PRIMARY KEY (resource, address)
      ) STRICT;

      -- Sign-in nonces already used, kept until their proof expires: a replay finds its nonce here.
      CREATE TABLE sign_in_nonces (
        nonce TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sign_in_nonces_expiry ON sign_in_nonces (expires_at);
    `,
  },
];
