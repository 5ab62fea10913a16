/** Below this depth a record is copied by hand; deeper (or cyclic) data goes to `structuredClone`. */
const maxDepth = 32;

/**
 * A deep copy of a store record, as `structuredClone` makes it: plain objects and arrays are copied by hand (about
 * four times faster for the small JSON records a store holds, which the memory store copies in and out on every
 * paid request over a channel); anything else that is not a primitive (a Date, a Uint8Array, a Map) goes to
 * `structuredClone`, which also throws for what cannot be copied (a function).
 */
export function copyRecord<value>(value: value, depth = 0): value {
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" || typeof value === "symbol" ? structuredClone(value) : value;
  }
  if (depth >= maxDepth) return structuredClone(value);
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = copyRecord(value[i], depth + 1);
    return copy as value;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    copy[key] = copyRecord((value as Record<string, unknown>)[key], depth + 1);
  return copy as value;
}
