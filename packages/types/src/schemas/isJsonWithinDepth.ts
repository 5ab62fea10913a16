/**
 * How deeply x402 messages may nest JSON. Real messages nest a few levels (an extension's JSON schema a dozen);
 * far deeper input is only an attack on whoever walks it recursively (JSON.stringify overflows the stack at a few
 * thousand levels, and a 16 KiB header holds about 6 000).
 */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests no more than `maxDepth` arrays or objects. Iterative: never overflows itself. */
export function isJsonWithinDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth > maxDepth) return false;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return true;
}
