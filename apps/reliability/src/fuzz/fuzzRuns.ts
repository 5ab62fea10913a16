/**
 * How many inputs a fuzz test tries: `X402KIT_FUZZ_RUNS` when set (a deep run, e.g. `X402KIT_FUZZ_RUNS=10000`),
 * else `defaultRuns`, which is sized for CI. Each fuzz test also checks that it drew every class of input, so a
 * smaller count loses no class.
 */
export function fuzzRuns(defaultRuns: number): number {
  const set = process.env.X402KIT_FUZZ_RUNS;
  if (set === undefined || set === "") return defaultRuns;
  const runs = Number(set);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`X402KIT_FUZZ_RUNS must be a positive integer, got ${JSON.stringify(set)}`);
  return runs;
}
