import type { SpecRef } from "./specSections.js";

/**
 * Does one of `refs` fall under `selector` (`--section`)? `v2 §7` selects `v2 §7`, `v2 §7.1` and `v2 §7.2 (...)` but
 * not `v2 §70`; `exact-evm` selects every section of the exact EVM scheme; `exact-evm §2` only its Permit2 part.
 */
export function matchesSpecSection(refs: readonly (SpecRef | string)[], selector: string): boolean {
  const wanted = selector.trim();
  return refs.some((ref) => ref === wanted || ref.startsWith(`${wanted} `) || ref.startsWith(`${wanted}.`));
}
