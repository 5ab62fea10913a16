-- x402kit facilitator store, initial schema. Runs with search_path set to the store's schema.

-- One row per settlement key (the scheme's name for an authorization): the primary key is what makes a claim
-- unique across every facilitator instance sharing the database.
CREATE TABLE settlements (
  key text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('settling', 'broadcast', 'confirmed', 'failed')),
  network text NOT NULL,
  payer text,
  "transaction" text,
  response jsonb,
  acknowledged boolean NOT NULL DEFAULT false,
  payload jsonb NOT NULL,
  requirements jsonb NOT NULL,
  owner text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Recovery lists the unfinished settlements of one owner.
CREATE INDEX settlements_unfinished_by_owner ON settlements (owner, created_at)
  WHERE state IN ('settling', 'broadcast');

-- payment-identifier extension: one payload per id.
CREATE TABLE idempotency (
  id text PRIMARY KEY,
  payload_hash text NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL
);

-- The next transaction nonce per signer account and chain.
CREATE TABLE nonces (
  account text NOT NULL,
  chain_id bigint NOT NULL,
  next bigint NOT NULL CHECK (next >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account, chain_id)
);

-- Which instance may sign with which account, until when.
CREATE TABLE signer_leases (
  account text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now()
);
