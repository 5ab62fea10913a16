import fc from "fast-check";
import { ReliabilityError } from "../ReliabilityError.js";

export type CheckPropertyParameters = {
  numRuns: number;
  /** Replays a failure (printed with it). */
  seed?: number | undefined;
  /**
   * Shrink a failure to a smaller counterexample (default true). Off for properties over a stateful service (a chain
   * that has settled the seed's payment): a shrink replays inputs against changed state, and over HTTP it can run for
   * minutes; the failing input is reported as it was.
   */
  shrink?: boolean | undefined;
};

const shorten = (value: unknown) => {
  const text = fc.stringify(value);
  return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text;
};

/**
 * Runs a fast-check property (sync or async) and, on failure, throws with the seed, the replay path, the cause and
 * a counterexample cut to a readable length (a fuzzed header can be 16 KiB of base64).
 */
export async function checkProperty<value>(
  property: fc.IProperty<value> | fc.IAsyncProperty<value>,
  parameters: CheckPropertyParameters,
): Promise<void> {
  const details = await fc.check(property as fc.IAsyncProperty<value>, {
    numRuns: parameters.numRuns,
    seed: parameters.seed,
    endOnFailure: parameters.shrink === false,
  });
  if (!details.failed) return;
  const cause = details.errorInstance;
  throw new ReliabilityError(
    "property_failed",
    `Property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"): ${
      cause instanceof Error ? cause.message : String(cause)
    }\nCounterexample: ${shorten(details.counterexample)}`,
    { cause, details: { seed: details.seed, path: details.counterexamplePath } },
  );
}
