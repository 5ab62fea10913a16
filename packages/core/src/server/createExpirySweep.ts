export type CreateExpirySweepParameters = {
  /** A map is swept only once it holds this many entries. */
  threshold: number;
  /** And at most once per this many milliseconds. */
  everyMs: number;
};

/** Deletes the entries of `map` that expired before `now` (ms), when a sweep is due. */
export type ExpirySweep = <entry>(
  map: Map<string, entry>,
  expiresAt: (entry: entry) => number,
  now: number,
) => void;

/**
 * The engine's memory of payments (delivered, in flight, lost) is kept for their validity window. A busy server
 * (thousands of payments a minute) must neither keep them forever nor scan the whole map on every request: a map
 * is swept once it holds `threshold` entries, and then at most once per `everyMs`.
 */
export function createExpirySweep(parameters: CreateExpirySweepParameters): ExpirySweep {
  const { threshold, everyMs } = parameters;
  const sweptAt = new WeakMap<Map<string, unknown>, number>();
  return (map, expiresAt, now) => {
    if (map.size < threshold || now - (sweptAt.get(map) ?? Number.NEGATIVE_INFINITY) < everyMs) return;
    sweptAt.set(map, now);
    for (const [key, entry] of map) if (expiresAt(entry) < now) map.delete(key);
  };
}
