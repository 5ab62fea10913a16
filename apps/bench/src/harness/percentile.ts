/**
 * The `p`-th percentile (0..100) of already sorted numbers, nearest-rank method: the smallest value such that at
 * least p % of the values are at or below it. Undefined for an empty list.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
