export type TtlCache<value> = {
  /**
   * The value under `key`, loaded at most once per `ttlMs`; concurrent callers share one load. A failed load is not
   * kept, so the next caller tries again.
   */
  get(key: string, load: () => Promise<value>): Promise<value>;
};

export type CreateTtlCacheParameters = {
  /** How long a loaded value is reused. */
  ttlMs: number;
  /** Keys kept at most; the oldest entry goes first. Default 1 000. */
  maxEntries?: number | undefined;
  /** The clock, in milliseconds. */
  now?: (() => number) | undefined;
};

/** A small map of promises that expire: the shared mechanism behind the fee cache and the chain-fact cache. */
export function createTtlCache<value>(parameters: CreateTtlCacheParameters): TtlCache<value> {
  const { ttlMs, maxEntries = 1_000, now = Date.now } = parameters;
  const entries = new Map<string, { at: number; value: Promise<value> }>();
  return {
    get(key, load) {
      const at = now();
      const cached = entries.get(key);
      if (cached && at - cached.at < ttlMs) return cached.value;
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      const entry = { at, value: load() };
      entries.set(key, entry);
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return entry.value;
    },
  };
}
