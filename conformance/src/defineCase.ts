import type { ConformanceCase, Role } from "./types.js";

/**
 * Declares one conformance case. A case is one file under `src/cases/<role>/` whose default export is the value
 * returned here; the registry finds it by itself.
 */
export function defineCase<role extends Role>(definition: ConformanceCase<role>): ConformanceCase<role> {
  return definition;
}
