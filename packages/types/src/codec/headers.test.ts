import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PaymentPayload, PaymentRequired, SettleResponse } from "../index.js";
import { base64DecodeUtf8, base64EncodeUtf8 } from "./base64.js";
import { HeaderDecodeError } from "./HeaderDecodeError.js";
import { MAX_HEADER_LENGTH } from "./headerNames.js";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  decodeXPaymentResponseHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodePaymentSignatureHeader,
  encodeXPaymentHeader,
  encodeXPaymentResponseHeader,
} from "./headers.js";

const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString("hex")}`);
const atomic = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }).map(String);
const text = fc.string({ unit: "grapheme", maxLength: 30 });
const json = fc
  .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
  .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);

const requirements = fc.record(
  {
    scheme: fc.constantFrom("exact", "upto"),
    network: fc.integer({ min: 1, max: 2 ** 40 }).map((id) => `eip155:${id}`),
    amount: atomic,
    asset: hex(20),
    payTo: hex(20),
    maxTimeoutSeconds: fc.integer({ min: 1, max: 86_400 }),
    extra: json,
  },
  { requiredKeys: ["scheme", "network", "amount", "asset", "payTo", "maxTimeoutSeconds"] },
);
const resource = fc.record(
  { url: fc.webUrl(), description: text, mimeType: text },
  { requiredKeys: ["url"] },
);
const paymentRequired: fc.Arbitrary<PaymentRequired> = fc.record(
  {
    x402Version: fc.constant(2 as const),
    error: text,
    resource,
    accepts: fc.array(requirements, { maxLength: 3 }),
    extensions: json,
  },
  { requiredKeys: ["x402Version", "resource", "accepts"] },
);
const paymentPayload: fc.Arbitrary<PaymentPayload> = fc.record(
  { x402Version: fc.constant(2 as const), resource, accepted: requirements, payload: json, extensions: json },
  { requiredKeys: ["x402Version", "accepted", "payload"] },
);
const settleResponse: fc.Arbitrary<SettleResponse> = fc.record(
  {
    success: fc.boolean(),
    errorReason: text,
    transaction: hex(32),
    network: fc.constant("eip155:8453"),
    payer: hex(20),
    amount: atomic,
  },
  { requiredKeys: ["success", "transaction", "network"] },
);

describe("header codec: decode(encode(x)) equals x", () => {
  it("PAYMENT-REQUIRED", () => {
    fc.assert(
      fc.property(paymentRequired, (value) => {
        expect(decodePaymentRequiredHeader(encodePaymentRequiredHeader(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
  it("PAYMENT-SIGNATURE", () => {
    fc.assert(
      fc.property(paymentPayload, (value) => {
        expect(decodePaymentSignatureHeader(encodePaymentSignatureHeader(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
  it("PAYMENT-RESPONSE", () => {
    fc.assert(
      fc.property(settleResponse, (value) => {
        expect(decodePaymentResponseHeader(encodePaymentResponseHeader(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
  it("X-PAYMENT", () => {
    const v1 = fc.record({
      x402Version: fc.constant(1 as const),
      scheme: fc.constant("exact"),
      network: fc.constantFrom("base", "base-sepolia"),
      payload: json,
    });
    fc.assert(
      fc.property(v1, (value) => {
        expect(decodeXPaymentHeader(encodeXPaymentHeader(value))).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });
  it("X-PAYMENT-RESPONSE writes the v1 network name", () => {
    const encoded = encodeXPaymentResponseHeader({
      success: true,
      transaction: "0xab",
      network: "eip155:84532",
      payer: "0x1",
    });
    expect(decodeXPaymentResponseHeader(encoded)).toEqual({
      success: true,
      transaction: "0xab",
      network: "base-sepolia",
      payer: "0x1",
    });
  });
});

const decoders = [
  decodePaymentRequiredHeader,
  decodePaymentSignatureHeader,
  decodePaymentResponseHeader,
  decodeXPaymentHeader,
  decodeXPaymentResponseHeader,
];
const b64 = (value: string) => Buffer.from(value, "utf8").toString("base64");
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HeaderDecodeError);
    return (error as HeaderDecodeError).code;
  }
  return "no error";
};
const validPayload = encodePaymentSignatureHeader({
  x402Version: 2,
  accepted: {
    scheme: "exact",
    network: "eip155:8453",
    amount: "1",
    asset: "0x1",
    payTo: "0x2",
    maxTimeoutSeconds: 60,
  },
  payload: {},
});

describe("header codec: bad input is a typed error, never a crash", () => {
  it.each([
    [
      "base64url",
      validPayload.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "") + "-_",
      "invalid_payment_header",
    ],
    ["missing padding", b64('{"a":1}').replace(/=+$/, ""), "invalid_payment_header"],
    ["inner white space", `${validPayload.slice(0, 8)} ${validPayload.slice(8)}`, "invalid_payment_header"],
    ["invalid UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64"), "invalid_payment_header"],
    ["not JSON", b64("hello"), "invalid_payment_header"],
    ["JSON null", b64("null"), "invalid_x402_version"],
    [
      "wrong version",
      b64('{"x402Version":1,"scheme":"exact","network":"base","payload":{}}'),
      "invalid_x402_version",
    ],
    ["missing accepted", b64('{"x402Version":2,"payload":{}}'), "invalid_payload"],
    [
      "negative amount",
      b64(
        JSON.stringify({
          x402Version: 2,
          payload: {},
          accepted: {
            scheme: "exact",
            network: "eip155:1",
            amount: "-1",
            asset: "a",
            payTo: "b",
            maxTimeoutSeconds: 1,
          },
        }),
      ),
      "invalid_payload",
    ],
    [
      "exponent amount",
      b64(
        JSON.stringify({
          x402Version: 2,
          payload: {},
          accepted: {
            scheme: "exact",
            network: "eip155:1",
            amount: "1e6",
            asset: "a",
            payTo: "b",
            maxTimeoutSeconds: 1,
          },
        }),
      ),
      "invalid_payload",
    ],
    [
      "numeric amount",
      b64(
        JSON.stringify({
          x402Version: 2,
          payload: {},
          accepted: {
            scheme: "exact",
            network: "eip155:1",
            amount: 10,
            asset: "a",
            payTo: "b",
            maxTimeoutSeconds: 1,
          },
        }),
      ),
      "invalid_payload",
    ],
    [
      "amount over uint256",
      b64(
        JSON.stringify({
          x402Version: 2,
          payload: {},
          accepted: {
            scheme: "exact",
            network: "eip155:1",
            amount: (2n ** 256n).toString(),
            asset: "a",
            payTo: "b",
            maxTimeoutSeconds: 1,
          },
        }),
      ),
      "invalid_payload",
    ],
    [
      "network not CAIP-2",
      b64(
        JSON.stringify({
          x402Version: 2,
          payload: {},
          accepted: {
            scheme: "exact",
            network: "base",
            amount: "1",
            asset: "a",
            payTo: "b",
            maxTimeoutSeconds: 1,
          },
        }),
      ),
      "invalid_payload",
    ],
    ["too large", "A".repeat(MAX_HEADER_LENGTH + 4), "payment_header_too_large"],
  ])("%s", (_, value, code) => {
    expect(codeOf(() => decodePaymentSignatureHeader(value))).toBe(code);
  });

  it("keeps __proto__ and constructor keys as plain data", () => {
    const value = b64(
      '{"x402Version":2,"accepted":{"scheme":"exact","network":"eip155:1","amount":"1","asset":"a","payTo":"b","maxTimeoutSeconds":1,"extra":{"__proto__":{"polluted":true},"constructor":1}},"payload":{"__proto__":{"x":1}}}',
    );
    const decoded = decodePaymentSignatureHeader(value);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(decoded.payload)).toBe(Object.prototype);
  });

  it("survives deep JSON", () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    expect(codeOf(() => decodePaymentSignatureHeader(b64(deep)))).toBe("invalid_x402_version");
  });

  it("throws only HeaderDecodeError for arbitrary strings and arbitrary base64 JSON (10,000 inputs)", () => {
    const anyJson = fc.jsonValue({ maxDepth: 4 }).map((v) => b64(JSON.stringify(v)));
    const mutated = fc
      .tuple(fc.nat(), fc.string({ maxLength: 4 }))
      .map(([at, s]) => validPayload.slice(0, at % validPayload.length) + s);
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.base64String(), anyJson, mutated),
        fc.constantFrom(...decoders),
        (value, decode) => {
          try {
            decode(value);
          } catch (error) {
            expect(error).toBeInstanceOf(HeaderDecodeError);
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe("base64 codec", () => {
  it("encodes as TextEncoder + btoa do (the portable path), lone surrogates included, and decodes back", () => {
    for (const text of ["", "a", "ab", "abc", "héllo €", "🙂 x402", "\ud800 lone", '{"x402Version":2}']) {
      const bytes = new TextEncoder().encode(text);
      const portable = btoa(String.fromCharCode(...bytes));
      expect(base64EncodeUtf8(text)).toBe(portable);
      expect(base64DecodeUtf8(portable)).toBe(new TextDecoder().decode(bytes));
    }
    expect(base64DecodeUtf8("YQ")).toBeUndefined();
    expect(base64DecodeUtf8("/w==")).toBeUndefined();
  });
});
