/** A JSON fragment written as it is: a number token that JavaScript cannot hold (`1e400`), a nesting too deep to build. */
export class RawJson {
  constructor(readonly text: string) {}
}

const marker = "__x402kit_raw_json_";

/**
 * JSON text for a value that may hold `RawJson` fragments and own `__proto__` keys (JSON.stringify writes those as
 * ordinary keys). The fragments are written verbatim, so the text can be anything a hostile client could send.
 */
export function toJsonText(value: unknown): string {
  const fragments: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      fragments.push(item.text);
      return `${marker}${fragments.length - 1}`;
    }
    return typeof item === "bigint" ? item.toString() : item;
  });
  if (text === undefined) return "null";
  return fragments.length === 0
    ? text
    : text.replace(
        new RegExp(`"${marker}(\\d+)"`, "g"),
        (_match, index: string) => fragments[Number(index)]!,
      );
}
