import type { ImplementationName } from "../adapters/types.js";
import type { MemorySamples } from "./types.js";

/**
 * Keeps one RSS sample (bytes) of an implementation's facilitator: the lowest for `idle`, the highest for the load
 * phases.
 */
export function recordMemory(
  samples: MemorySamples,
  implementation: ImplementationName,
  phase: "idle" | "verify" | "paid",
  bytes: number,
): void {
  const own = samples[implementation] ?? {};
  const previous = own[phase];
  own[phase] =
    previous === undefined ? bytes : phase === "idle" ? Math.min(previous, bytes) : Math.max(previous, bytes);
  samples[implementation] = own;
}
