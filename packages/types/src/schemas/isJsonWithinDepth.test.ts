import { describe, expect, it } from "vitest";
import { isJsonWithinDepth, MAX_JSON_DEPTH } from "./isJsonWithinDepth.js";

const nested = (depth: number) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown;

describe("isJsonWithinDepth", () => {
  it("counts nested arrays and objects, not scalars", () => {
    expect(isJsonWithinDepth(1, 0)).toBe(true);
    expect(isJsonWithinDepth({ a: 1 }, 1)).toBe(true);
    expect(isJsonWithinDepth({ a: [1] }, 1)).toBe(false);
    expect(isJsonWithinDepth(nested(MAX_JSON_DEPTH))).toBe(true);
    expect(isJsonWithinDepth(nested(MAX_JSON_DEPTH + 1))).toBe(false);
  });

  it("walks far deeper input than the stack allows, and own __proto__ keys", () => {
    expect(isJsonWithinDepth(nested(100_000))).toBe(false);
    expect(isJsonWithinDepth(JSON.parse('{"__proto__":{"a":{"b":{}}}}'), 3)).toBe(false);
  });
});
