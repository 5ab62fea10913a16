import { MAX_HEADER_LENGTH } from "@x402kit/types";
import fc from "fast-check";
import { mutatedMessage, mutationClasses } from "./mutatedMessage.js";
import { toJsonText } from "./toJsonText.js";

export type AdversarialHeaderValueParameters = {
  /** Valid messages of the header under test (they are mutated, then encoded). */
  seeds: readonly unknown[];
  /** For a real HTTP request: only latin1, no CR, LF or NUL (they would change the request's framing). */
  http?: boolean | undefined;
};

const std = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

/** Byte sequences that are not UTF-8: a stray continuation, an overlong NUL, a surrogate, 0xFF, a cut sequence. */
const invalidUtf8 = [
  [0x80],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xff],
  [0xfe, 0xff],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
];

type Encoding =
  | { kind: "standard" | "base64url" | "unpadded" | "lowercase" | "bom" }
  | { kind: "truncated"; at: number }
  | { kind: "whitespace"; at: number; text: string }
  | { kind: "junk"; prefix: string; suffix: string }
  | { kind: "invalid-utf8"; at: number; bytes: number[] }
  | { kind: "oversized"; extra: number };

const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom({ kind: "standard" as const }) },
  fc.constantFrom(
    { kind: "base64url" as const },
    { kind: "unpadded" as const },
    { kind: "lowercase" as const },
    { kind: "bom" as const },
  ),
  fc.record({ kind: fc.constant("truncated" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("whitespace" as const),
    at: fc.nat(),
    text: fc.constantFrom(" ", "\t", "  ", "="),
  }),
  fc.record({
    kind: fc.constant("junk" as const),
    prefix: fc.string({ maxLength: 3 }),
    suffix: fc.string({ maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("invalid-utf8" as const),
    at: fc.nat(),
    bytes: fc.constantFrom(...invalidUtf8),
  }),
  fc.record({ kind: fc.constant("oversized" as const), extra: fc.integer({ min: 1, max: 8_192 }) }),
);

const encodings = [
  "standard",
  "base64url",
  "unpadded",
  "lowercase",
  "bom",
  "truncated",
  "whitespace",
  "junk",
  "invalid-utf8",
  "oversized",
] as const;

/**
 * Every class of value `adversarialHeaderValue` makes: each encoding of a (mutated) message, each class of mutation,
 * and the junk values. A fuzz run checks that it saw all of them.
 */
export const headerValueClasses: readonly string[] = [
  ...encodings.map((kind) => `encoding:${kind}`),
  ...mutationClasses,
  "junk:binary",
  "junk:base64",
  "junk:json",
  "junk:constant",
];

/** A header value and how it was made (see `headerValueClasses`). */
export type AdversarialHeader = { value: string; classes: string[] };

function encode(text: string, how: Encoding): string {
  const bytes = utf8(text);
  switch (how.kind) {
    case "standard":
      return std(bytes);
    case "base64url":
      return std(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    case "unpadded":
      return std(bytes).replace(/=+$/, "");
    case "lowercase":
      return std(bytes).toLowerCase();
    case "bom":
      return std(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]));
    case "truncated": {
      const value = std(bytes);
      return value.slice(0, how.at % Math.max(1, value.length));
    }
    case "whitespace": {
      const value = std(bytes);
      const at = how.at % (value.length + 1);
      return `${value.slice(0, at)}${how.text}${value.slice(at)}`;
    }
    case "junk":
      return `${how.prefix}${std(bytes)}${how.suffix}`;
    case "invalid-utf8": {
      const at = how.at % (bytes.length + 1);
      return std(new Uint8Array([...bytes.subarray(0, at), ...how.bytes, ...bytes.subarray(at)]));
    }
    case "oversized": {
      // Valid base64 of valid JSON, just over (or well over) the 16 KiB limit.
      const value = std(bytes);
      const room = MAX_HEADER_LENGTH - value.length + how.extra;
      return room <= 0
        ? value
        : std(utf8(`${text.replace(/\s+$/, "")}${" ".repeat(Math.ceil((room * 3) / 4) + 3)}`));
    }
  }
}

/** Latin1 only, without the bytes that end a header line. */
const forHttp = (value: string) =>
  Buffer.from(value, "latin1")
    .toString("latin1")
    .replace(/[\r\n\0]/g, " ");

/**
 * Header values a hostile client could send for an x402 header (transports-v2/http.md): the valid messages mutated
 * (wrong types, odd amounts, deep JSON, `__proto__` and `constructor` keys, missing and extra fields), then encoded
 * correctly or not (base64url, no padding, truncated, white space, junk, invalid UTF-8, a BOM, oversized), plus
 * arbitrary strings and arbitrary base64; with the classes of change (`headerValueClasses`).
 */
export function adversarialHeaderValue(
  parameters: AdversarialHeaderValueParameters,
): fc.Arbitrary<AdversarialHeader> {
  // Deep enough to reach the 16 KiB limit: about 5 500 nested arrays fit in a header.
  const messages = fc.oneof(...parameters.seeds.map((seed) => mutatedMessage(seed, 6_000)));
  const junk = (kind: string) => (value: string) => ({ value, classes: [`junk:${kind}`] });
  const value = fc.oneof(
    {
      weight: 20,
      arbitrary: fc.tuple(messages, encoding).map(([{ message, classes }, how]) => ({
        value: encode(toJsonText(message), how),
        classes: [`encoding:${how.kind}`, ...classes],
      })),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map(junk("binary")) },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 400 }).map(junk("base64")) },
    {
      weight: 1,
      arbitrary: fc.jsonValue({ maxDepth: 4 }).map((json) => junk("json")(std(utf8(JSON.stringify(json))))),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("", " ", "=", "==", "null", "e30=", "bnVsbA==", "W10=")
        .map(junk("constant")),
    },
  );
  return parameters.http ? value.map((header) => ({ ...header, value: forHttp(header.value) })) : value;
}
