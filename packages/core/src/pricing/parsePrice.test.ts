import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moneyToAtomic } from "./moneyToAtomic.js";
import { PriceError, parsePrice } from "./parsePrice.js";

describe("parsePrice", () => {
  it.each([
    ["$0.01", "0.01"],
    ["0.01", "0.01"],
    [0.01, "0.01"],
    ["$1", "1"],
    ["$1.50", "1.5"],
    ["$1,000.10", "1000.1"],
    ["0.001 USDC", "0.001"],
    [0, "0"],
  ])("reads %j as $%s", (input, usd) => {
    expect(parsePrice(input)).toEqual({ kind: "money", usd });
  });

  it("passes atomic prices through, normalised", () => {
    expect(parsePrice({ amount: "010000", asset: "0xabc", extra: { name: "USDC" } })).toEqual({
      kind: "atomic",
      amount: "10000",
      asset: "0xabc",
      extra: { name: "USDC" },
    });
  });

  it.each([
    ["-1"],
    ["$-0.01"],
    ["1e-7"],
    [1e-7],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [-2],
    ["abc"],
    [""],
    ["$"],
    ["0x10"],
  ])("refuses %j with a PriceError", (input) => {
    expect(() => parsePrice(input as never)).toThrow(PriceError);
  });

  it.each([
    [{ amount: "1.5", asset: "0x1" }],
    [{ amount: "-1", asset: "0x1" }],
    [{ amount: "1", asset: "" }],
    [{ amount: 1, asset: "0x1" }],
  ])("refuses the atomic price %j", (input) => {
    expect(() => parsePrice(input as never)).toThrow(PriceError);
  });

  it("never throws anything but a PriceError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.anything()), (input) => {
        try {
          parsePrice(input as never);
        } catch (error) {
          expect(error).toBeInstanceOf(PriceError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("moneyToAtomic", () => {
  it("converts exactly, with no floating point", () => {
    expect(moneyToAtomic("0.01", 6)).toBe(10_000n);
    expect(moneyToAtomic("1", 6)).toBe(1_000_000n);
    expect(moneyToAtomic("0.000001", 6)).toBe(1n);
    expect(moneyToAtomic("123456789.123456", 6)).toBe(123_456_789_123_456n);
    expect(moneyToAtomic("0.1", 18)).toBe(10n ** 17n);
  });

  it("refuses amounts the token cannot represent instead of rounding", () => {
    expect(() => moneyToAtomic("0.0000001", 6)).toThrow(PriceError);
  });

  it("round-trips every micro-dollar amount", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (micros) => {
        const whole = micros / 1_000_000n;
        const fraction = (micros % 1_000_000n).toString().padStart(6, "0");
        const parsed = parsePrice(`$${whole}.${fraction}`);
        expect(parsed.kind).toBe("money");
        if (parsed.kind === "money") expect(moneyToAtomic(parsed.usd, 6)).toBe(micros);
      }),
      { numRuns: 1000 },
    );
  });
});
