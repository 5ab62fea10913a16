import { canonicalJson } from "@x402kit/core";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  decodeXPaymentResponseHeader,
  HeaderDecodeError,
  type HeaderDecodeErrorCode,
  MAX_HEADER_LENGTH,
  paymentPayloadSchema,
  paymentPayloadV1Schema,
  paymentRequiredSchema,
  settleResponseSchema,
  settleResponseV1Schema,
} from "@x402kit/types";
import fc from "fast-check";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adversarialHeaderValue, headerValueClasses } from "../src/fuzz/adversarialHeaderValue.js";
import { checkProperty } from "../src/fuzz/checkProperty.js";
import { createSeedMessages, type SeedMessages } from "../src/fuzz/createSeedMessages.js";
import { fuzzRuns } from "../src/fuzz/fuzzRuns.js";
import { signPayment } from "../src/signPayment.js";

// Adversarial inputs (issue 6) against the five header decoders of @x402kit/types, in process: 1 000 generated
// values each (`X402KIT_FUZZ_RUNS` for a deep run), every class of input drawn for each decoder (the HTTP fuzz adds
// more through PAYMENT-SIGNATURE and X-PAYMENT). A decoder returns a value that its schema accepts (and that the
// engine can key), or throws a HeaderDecodeError with a reason code; nothing else, and never touching
// Object.prototype. Never slowly: a value over the 16 KiB limit is refused as too large (before it is decoded), so
// every decode is bounded; the slowest decode is printed, not asserted (a time limit would measure the machine).

const runsPerDecoder = fuzzRuns(1_000);
const codes: readonly HeaderDecodeErrorCode[] = [
  "payment_header_too_large",
  "invalid_payment_header",
  "invalid_payload",
  "invalid_x402_version",
];

let seeds: SeedMessages;
const outcomes = new Map<string, Map<string, number>>();

beforeAll(async () => {
  const requirements = {
    scheme: "exact",
    network: "eip155:31337",
    amount: "10000",
    asset: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    payTo: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    maxTimeoutSeconds: 60,
    extra: { name: "USD Coin", version: "2" },
  };
  const signed = await signPayment({ account: privateKeyToAccount(generatePrivateKey()), requirements });
  seeds = createSeedMessages({ requirements, resource: { url: "http://127.0.0.1/cheap" }, signed });
});

afterAll(() => {
  for (const [decoder, counts] of outcomes)
    console.log(
      `${decoder}: ${JSON.stringify(Object.fromEntries([...counts].sort(([, a], [, b]) => b - a)))}`,
    );
});

const decoders = [
  ["PAYMENT-REQUIRED", decodePaymentRequiredHeader, paymentRequiredSchema, () => seeds.paymentRequired],
  ["PAYMENT-SIGNATURE", decodePaymentSignatureHeader, paymentPayloadSchema, () => seeds.paymentPayload],
  ["PAYMENT-RESPONSE", decodePaymentResponseHeader, settleResponseSchema, () => seeds.paymentResponse],
  ["X-PAYMENT", decodeXPaymentHeader, paymentPayloadV1Schema, () => seeds.xPayment],
  ["X-PAYMENT-RESPONSE", decodeXPaymentResponseHeader, settleResponseV1Schema, () => seeds.xPaymentResponse],
] as const;

describe(`fuzz: header decoders (${runsPerDecoder} inputs each)`, () => {
  it.each(decoders)(
    "%s: a valid message or a HeaderDecodeError with a reason code",
    async (name, decode, schema, seed) => {
      const counts = new Map<string, number>();
      outcomes.set(name, counts);
      let slowest = 0;
      const seen = new Set<string>();
      await checkProperty(
        fc.property(
          adversarialHeaderValue({ seeds: [seed(), seeds.paymentPayload] }),
          ({ value, classes }) => {
            for (const kind of classes) seen.add(kind);
            const started = performance.now();
            let outcome: string;
            try {
              const decoded = decode(value);
              // What the decoder lets through is a valid message, and the engine can key and re-encode it.
              expect(schema.safeParse(decoded).success).toBe(true);
              expect(typeof canonicalJson(decoded)).toBe("string");
              outcome = "decoded";
            } catch (error) {
              if (!(error instanceof HeaderDecodeError)) throw error;
              expect(codes).toContain(error.code);
              outcome = error.code;
            }
            slowest = Math.max(slowest, performance.now() - started);
            // The bound on a decode's work: nothing longer than the limit is decoded.
            if (value.length > MAX_HEADER_LENGTH) expect(outcome).toBe("payment_header_too_large");
            counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
            // `__proto__` and `constructor` keys stay data.
            expect(Object.keys(Object.prototype)).toEqual([]);
            expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
          },
        ),
        { numRuns: runsPerDecoder },
      );
      expect([...counts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(runsPerDecoder);
      expect(counts.get("decoded") ?? 0).toBeGreaterThan(0);
      expect(counts.get("payment_header_too_large") ?? 0).toBeGreaterThan(0);
      // Every class of input was tried (each encoding, each mutation, the junk).
      expect(headerValueClasses.filter((kind) => !seen.has(kind))).toEqual([]);
      console.log(`${name}: slowest decode ${slowest.toFixed(1)} ms (printed, not asserted)`);
    },
  );
});
