import fc from "fast-check";
import { RawJson } from "./toJsonText.js";

/** Amount-like strings that an atomic-amount check must refuse or read exactly (spec v2 §5.1.2: decimal, atomic). */
const amountStrings = [
  "-1",
  "-0",
  "1.5",
  "0.000001",
  "1e6",
  "1E6",
  "1e-7",
  "0x10",
  " 1000",
  "1000 ",
  "+1000",
  "",
  "01000",
  "1_000",
  "1,000",
  "١٠٠٠",
  "Infinity",
  "NaN",
  "1000\u0000",
  (2n ** 256n).toString(),
  (2n ** 256n - 1n).toString(),
  "9".repeat(79),
  "9".repeat(2_000),
];

/** Number tokens as they appear on the wire: huge, negative, fractional, exponent forms, beyond double precision. */
const numberTokens = [
  "1e400",
  "-1e400",
  "-0",
  "1.0",
  "1e3",
  "1E+3",
  "1000.0000000000001",
  "123456789012345678901234567890",
  "-1",
  "0.1",
  "5e-324",
  "9007199254740993",
];

/** Nested arrays or objects, `depth` levels down. */
const deep = (depth: number, kind: "array" | "object") =>
  new RawJson(
    kind === "array"
      ? `${"[".repeat(depth)}${"]".repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

/** Objects whose keys try to reach a prototype. */
const prototypeKeys = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "__defineGetter__",
];
const pollutingObject = fc.constantFrom(...prototypeKeys).map((key) => {
  const value: Record<string, unknown> = {};
  Object.defineProperty(value, key, {
    value: { polluted: true, prototype: { polluted: true } },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return value;
});

/** The classes of adversarial value, each drawn by `adversarialValue` (a fuzz run checks that it saw all of them). */
export const adversarialValueClasses = [
  "wrong-type",
  "amount-string",
  "number-token",
  "deep",
  "binary-string",
  "grapheme-string",
  "long-string",
  "odd-hex",
  "prototype-keys",
  "json",
] as const;
export type AdversarialValueClass = (typeof adversarialValueClasses)[number];

/** An adversarial value and the class it was drawn from. */
export type AdversarialValue = { value: unknown; class: AdversarialValueClass };

const tagged = (
  kind: AdversarialValueClass,
  arbitrary: fc.Arbitrary<unknown>,
): fc.Arbitrary<AdversarialValue> => arbitrary.map((value) => ({ value, class: kind }));

/**
 * A value to put where an x402 message expects something else: wrong JSON types, amount-like strings, raw number
 * tokens, deep nesting (up to `maxDepth` levels), long or odd strings and prototype-polluting objects; with its class.
 */
export function adversarialValue(maxDepth: number): fc.Arbitrary<AdversarialValue> {
  return fc.oneof(
    tagged(
      "wrong-type",
      fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, [], {}, [1, 2], { a: 1 }, ""),
    ),
    tagged("amount-string", fc.constantFrom(...amountStrings)),
    tagged(
      "number-token",
      fc.constantFrom(...numberTokens).map((token) => new RawJson(token)),
    ),
    tagged(
      "deep",
      fc
        .tuple(fc.integer({ min: 2, max: maxDepth }), fc.constantFrom("array" as const, "object" as const))
        .map(([depth, kind]) => deep(depth, kind)),
    ),
    tagged("binary-string", fc.string({ unit: "binary", maxLength: 40 })),
    tagged("grapheme-string", fc.string({ unit: "grapheme", maxLength: 20 })),
    tagged(
      "long-string",
      fc.integer({ min: 1_000, max: 20_000 }).map((length) => "x".repeat(length)),
    ),
    tagged(
      "odd-hex",
      fc.constantFrom(
        "0x",
        "0x0",
        `0x${"00".repeat(20)}`,
        `0x${"ff".repeat(65)}`,
        `0x${"zz".repeat(20)}`,
        "eip155:",
        "eip155:1:2",
      ),
    ),
    tagged("prototype-keys", pollutingObject),
    tagged("json", fc.jsonValue({ maxDepth: 3 })),
  );
}
