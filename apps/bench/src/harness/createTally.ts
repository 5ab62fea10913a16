import type { Measurement } from "../report/benchResultsSchema.js";
import { percentile } from "./percentile.js";

export type Tally = {
  /** Times one operation. A thrown error or a returned `false` is a failure. Returns the latency of a success. */
  time(operation: () => Promise<unknown>): Promise<number | undefined>;
  /** The figure so far: median and p99 of the successes, successes per second of `durationMs`. */
  summarize(parameters: {
    name: string;
    concurrency: number;
    count: number;
    durationMs: number;
  }): Measurement;
  /** The sum of the successes' latencies, in ms. */
  busyMs(): number;
};

export type CreateTallyReturnType = Tally;

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** One line, at most 200 characters: failures are grouped by this text. */
const describeFailure = (failure: unknown): string => {
  if (failure === false) return "returned false";
  const code = failure instanceof Error ? (failure as { code?: unknown }).code : undefined;
  const text =
    failure instanceof Error
      ? `${typeof code === "string" ? `${code}: ` : ""}${failure.message}`
      : String(failure);
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
};

/** Collects latencies and failures of timed operations, and turns them into a Measurement. */
export function createTally(): CreateTallyReturnType {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let failures = 0;

  return {
    async time(operation) {
      const t0 = performance.now();
      let failure: unknown;
      let failed = false;
      try {
        if ((await operation()) === false) {
          failed = true;
          failure = false;
        }
      } catch (error) {
        failed = true;
        failure = error;
      }
      const elapsed = performance.now() - t0;
      if (!failed) {
        latencies.push(elapsed);
        return elapsed;
      }
      failures++;
      const message = describeFailure(failure);
      errors.set(message, (errors.get(message) ?? 0) + 1);
      return undefined;
    },

    busyMs: () => latencies.reduce((sum, latency) => sum + latency, 0),

    summarize({ name, concurrency, count, durationMs }) {
      const sorted = [...latencies].sort((a, b) => a - b);
      const median = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      return {
        name,
        concurrency,
        count,
        successes: sorted.length,
        failures,
        median: median === undefined ? null : round(median),
        p99: p99 === undefined ? null : round(p99),
        throughput: durationMs > 0 ? round((sorted.length * 1000) / durationMs, 2) : 0,
        durationMs: round(durationMs, 1),
        errors: [...errors]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([message, n]) => ({ message, count: n })),
      };
    },
  };
}
