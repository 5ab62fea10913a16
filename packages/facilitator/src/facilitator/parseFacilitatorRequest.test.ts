import { describe, expect, it } from "vitest";
import { parseFacilitatorRequest } from "./parseFacilitatorRequest.js";

/** An array nested `depth` levels, built without recursion. */
function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
}

describe("parseFacilitatorRequest: an unsupported x402Version", () => {
  it("refuses a value nested 20 000 levels deep without walking it (docs/reliability.md, bug 2)", () => {
    expect(parseFacilitatorRequest({ x402Version: deepArray(20_000) })).toMatchObject({
      ok: false,
      reason: "invalid_x402_version",
      message: "x402Version (an array) is not supported; use 1 or 2.",
    });
  });

  it.each([
    [3, "3"],
    ["2", '"2"'],
    [null, "null"],
    [{ a: 1 }, "(an object)"],
    ["x".repeat(100), JSON.stringify("x".repeat(32))],
  ])("describes %j briefly", (version, described) => {
    expect(parseFacilitatorRequest({ x402Version: version })).toMatchObject({
      ok: false,
      reason: "invalid_x402_version",
      message: `x402Version ${described} is not supported; use 1 or 2.`,
    });
  });
});
