import { BenchError } from "../harness/BenchError.js";
import type { Implementation, ImplementationName } from "./types.js";

/**
 * Loads an implementation's adapter by name. Dynamic, so that a facilitator child loads only its own packages and
 * one implementation that fails to load (a package not built yet) does not stop the other.
 */
export async function loadImplementation(name: ImplementationName): Promise<Implementation> {
  switch (name) {
    case "x402kit":
      return (await import("./x402kit/x402kitImplementation.js")).x402kitImplementation;
    case "reference":
      return (await import("./reference/referenceImplementation.js")).referenceImplementation;
    default:
      throw new BenchError("unknown_implementation", `Unknown implementation "${String(name)}".`);
  }
}

/** In the order they run: x402kit first, then the reference. */
export const implementationNames: readonly ImplementationName[] = ["x402kit", "reference"];
