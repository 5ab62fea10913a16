import { describe, expect, it } from "vitest";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodePaymentSignatureHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodePaymentSignatureHeader,
} from "../src/index.js";
import examples from "./fixtures/transports-v2-http-examples.json" with { type: "json" };

// The example headers of specs/transports-v2/http.md, with the JSON the spec says each decodes to.
const codecs = {
  "PAYMENT-REQUIRED": { decode: decodePaymentRequiredHeader, encode: encodePaymentRequiredHeader },
  "PAYMENT-SIGNATURE": { decode: decodePaymentSignatureHeader, encode: encodePaymentSignatureHeader },
  "PAYMENT-RESPONSE": { decode: decodePaymentResponseHeader, encode: encodePaymentResponseHeader },
} as const;

describe("the spec's example headers (transports-v2/http.md)", () => {
  it("has all four examples", () => {
    expect(examples.map((e) => e.header)).toEqual([
      "PAYMENT-REQUIRED",
      "PAYMENT-SIGNATURE",
      "PAYMENT-RESPONSE",
      "PAYMENT-RESPONSE",
    ]);
  });

  it.each(examples.map((e, i) => [`${i}: ${e.header}`, e] as const))(
    "%s decodes to the documented JSON and re-encodes to the same string",
    (_, example) => {
      const codec = codecs[example.header as keyof typeof codecs];
      const decoded = codec.decode(example.value);
      expect(decoded).toEqual(example.json);
      // The spec's strings are standard base64 of the compact JSON; one example is padded with "=".
      expect(codec.encode(decoded as never)).toBe(example.value);
    },
  );
});
