import fc from "fast-check";
import { mutatedMessage, mutationClasses } from "./mutatedMessage.js";
import { toJsonText } from "./toJsonText.js";

/** A `POST /verify` or `POST /settle` as a hostile caller could send it. */
export type FacilitatorFuzzInput = {
  body: Buffer;
  /** undefined: no content-type header. */
  contentType: string | undefined;
  /** Whether the facilitator must take `contentType` for JSON. */
  jsonContentType: boolean;
  /** How the input was made (see `facilitatorBodyClasses`). */
  classes: string[];
};

export type AdversarialFacilitatorBodyParameters = {
  /** Valid facilitator requests (spec v2 §7.1, v1 §7) to mutate. */
  seeds: readonly unknown[];
  /** The service's body limit, to go just over it. */
  bodyLimitBytes: number;
};

const contentTypes: [string | undefined, boolean][] = [
  ["application/json", true],
  ["application/json", true],
  ["application/json", true],
  ["application/json", true],
  ["application/json", true],
  ["application/json", true],
  ["application/json", true],
  ["application/json", true],
  ["application/json; charset=utf-8", true],
  ["Application/JSON", true],
  ["application/vnd.x402+json", true],
  [undefined, true],
  ["text/plain", false],
  ["application/x-www-form-urlencoded", false],
  ["application/jsonp", false],
];

type Framing =
  | { kind: "as-is" | "bom" | "oversized" }
  | { kind: "truncated"; at: number }
  | { kind: "invalid-utf8"; at: number }
  | { kind: "trailing"; text: string };

const framing: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: "as-is" as const }) },
  fc.constantFrom({ kind: "bom" as const }, { kind: "oversized" as const }),
  fc.record({ kind: fc.constant("truncated" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("invalid-utf8" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("trailing" as const),
    text: fc.constantFrom("}", "]", ",", " x", "\u0000", "{}"),
  }),
);

const framings = ["as-is", "bom", "oversized", "truncated", "invalid-utf8", "trailing"] as const;

/**
 * Every class of input `adversarialFacilitatorBody` makes: each framing of a (mutated) message, each class of
 * mutation, junk bodies, and JSON, non-JSON and missing content types. A fuzz run checks that it saw all of them.
 */
export const facilitatorBodyClasses: readonly string[] = [
  ...framings.map((kind) => `framing:${kind}`),
  ...mutationClasses,
  "junk:binary",
  "junk:json",
  "junk:constant",
  "content-type:json",
  "content-type:not-json",
  "content-type:none",
];

function frame(text: string, how: Framing, limit: number): Buffer {
  const bytes = Buffer.from(text, "utf8");
  switch (how.kind) {
    case "as-is":
      return bytes;
    case "bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case "oversized":
      return Buffer.concat([bytes, Buffer.alloc(Math.max(1, limit - bytes.length + 1), 0x20)]);
    case "truncated":
      return bytes.subarray(0, how.at % Math.max(1, bytes.length));
    case "invalid-utf8": {
      const at = how.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(at)]);
    }
    case "trailing":
      return Buffer.concat([bytes, Buffer.from(how.text, "utf8")]);
  }
}

/**
 * Bodies for the facilitator's `/verify` and `/settle`: valid requests mutated (wrong types, odd amounts, deep JSON,
 * `__proto__` keys, missing and extra fields), framed well or badly (truncated, invalid UTF-8, a BOM, trailing junk,
 * one byte over the limit), plus junk, under JSON and non-JSON content types.
 */
export function adversarialFacilitatorBody(
  parameters: AdversarialFacilitatorBodyParameters,
): fc.Arbitrary<FacilitatorFuzzInput> {
  // Deep enough to pass the 64 KiB body limit (about 32 000 levels) only rarely; 20 000 levels fit.
  const messages = fc.oneof(...parameters.seeds.map((seed) => mutatedMessage(seed, 20_000)));
  const body = fc.oneof(
    {
      weight: 20,
      arbitrary: fc.tuple(messages, framing).map(([{ message, classes }, how]) => ({
        bytes: frame(toJsonText(message), how, parameters.bodyLimitBytes),
        classes: [`framing:${how.kind}`, ...classes],
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: "binary", maxLength: 200 })
        .map((text) => ({ bytes: Buffer.from(text, "utf8"), classes: ["junk:binary"] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 4 })
        .map((json) => ({ bytes: Buffer.from(JSON.stringify(json), "utf8"), classes: ["junk:json"] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("", " ", "null", "[]", "{}", "1", '"x"', "{", '{"x402Version":3}')
        .map((t) => ({ bytes: Buffer.from(t), classes: ["junk:constant"] })),
    },
  );
  return fc.record({ body, type: fc.constantFrom(...contentTypes) }).map(({ body, type }) => ({
    body: body.bytes,
    contentType: type[0],
    jsonContentType: type[1],
    classes: [
      ...body.classes,
      type[0] === undefined ? "content-type:none" : type[1] ? "content-type:json" : "content-type:not-json",
    ],
  }));
}
