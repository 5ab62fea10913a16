import type { Extensions } from "@x402kit/types";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `base` with the fields of `added` that it lacks, recursively: nothing in `base` is replaced or removed. */
function addMissing(base: Record<string, unknown>, added: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(added)) {
    const existing = merged[key];
    if (!Object.hasOwn(merged, key)) merged[key] = value;
    else if (isRecord(existing) && isRecord(value)) merged[key] = addMissing(existing, value);
  }
  return merged;
}

/**
 * The extensions of a PaymentPayload: the 402's, echoed, plus what the scheme adds. Spec v2 §5.1.2: the client
 * must include at least the info received; it may append but never delete or overwrite it.
 */
export function mergeExtensions(
  received: Extensions | undefined,
  added: Extensions | undefined,
): Extensions | undefined {
  if (!added) return received;
  if (!received) return added;
  return addMissing(received, added);
}
