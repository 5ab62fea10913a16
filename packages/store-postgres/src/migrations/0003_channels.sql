-- Channel state of stateful schemes (batch-settlement): one row per channel, written compare-and-set on version, so
-- that server instances sharing the database never both commit a charge against the same state.
CREATE TABLE channels (
  id text PRIMARY KEY,
  scheme text NOT NULL,
  network text NOT NULL,
  pay_to text NOT NULL,
  asset text NOT NULL,
  state jsonb NOT NULL,
  version bigint NOT NULL CHECK (version > 0),
  updated_at timestamptz NOT NULL
);

-- A server lists its own channels of a scheme.
CREATE INDEX channels_by_scheme ON channels (scheme, network, pay_to, id);
