import { describe, expect, it } from "vitest";
import { RawJson, toJsonText } from "./toJsonText.js";

describe("toJsonText", () => {
  it("writes raw fragments verbatim, own __proto__ keys as keys, and bigints as decimal strings", () => {
    const withProto = JSON.parse('{"__proto__":{"polluted":true}}') as object;
    const text = toJsonText({ a: new RawJson("1e400"), b: [new RawJson("[[[]]]")], c: withProto, d: 10n });
    expect(text).toBe('{"a":1e400,"b":[[[[]]]],"c":{"__proto__":{"polluted":true}},"d":"10"}');
  });

  it("writes nesting too deep for JSON.stringify", () => {
    const depth = 50_000;
    expect(toJsonText({ deep: new RawJson(`${"[".repeat(depth)}${"]".repeat(depth)}`) })).toHaveLength(
      depth * 2 + 9,
    );
  });
});
