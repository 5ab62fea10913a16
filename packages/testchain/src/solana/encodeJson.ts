/**
 * JSON text in which a bigint is written as a plain integer literal, as Solana's JSON-RPC writes u64 values
 * (`rentEpoch` is 18446744073709551615): `@solana/kit` parses such literals back into bigints.
 */
export function encodeJson(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? "null" : encodeJson(item))).join(",")}]`;
  if (ArrayBuffer.isView(value)) return JSON.stringify(value);
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === "function") continue;
    parts.push(`${JSON.stringify(key)}:${encodeJson(item)}`);
  }
  return `{${parts.join(",")}}`;
}
