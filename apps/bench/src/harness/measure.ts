import type { Measurement } from "../report/benchResultsSchema.js";
import { createTally } from "./createTally.js";

export type MeasureParameters = {
  /** A label, for the table and for error messages. */
  name: string;
  /** How many operations run at the same time. */
  concurrency: number;
  /** How many operations in all. */
  count: number;
  /**
   * One operation. `index` is 0..count-1, `worker` is 0..concurrency-1. A thrown error or a returned `false` counts as
   * a failure; anything else is a success.
   */
  run: (index: number, worker: number) => Promise<unknown>;
};

export type MeasureReturnType = Measurement;

/**
 * Runs `count` operations with `concurrency` workers that each take the next index until none is left, and reports
 * latency (median, p99 of the successes), throughput (successes per second of wall-clock time) and failures.
 */
export async function measure(parameters: MeasureParameters): Promise<MeasureReturnType> {
  const { name, concurrency, count, run } = parameters;
  const tally = createTally();
  let next = 0;
  const worker = async (id: number) => {
    while (next < count) {
      const index = next++;
      await tally.time(() => run(index, id));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, (_, id) => worker(id)));
  return tally.summarize({ name, concurrency, count, durationMs: performance.now() - started });
}
