-- The discovery catalog of the bazaar extension (extensions/bazaar.md): one row per resource (an MCP tool is keyed by
-- its URL and name). `record` is the whole DiscoveredResourceRecord; `search_text` is what a search matches,
-- lower-cased.
CREATE TABLE discovered_resources (
  key text PRIMARY KEY,
  type text NOT NULL,
  record jsonb NOT NULL,
  search_text text NOT NULL,
  last_updated timestamptz NOT NULL
);

-- Listing is most recent first.
CREATE INDEX discovered_resources_recent ON discovered_resources (last_updated DESC, key);
