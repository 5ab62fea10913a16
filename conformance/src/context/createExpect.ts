import {
  canonicalReasonCode,
  paymentPayloadSchema,
  paymentRequiredSchema,
  reasonCodeAliases,
  settleResponseSchema,
} from "@x402kit/types";
import type { Address } from "viem";
import type { z } from "zod";
import type { SpecMessage, SpecSchema } from "../spec/loadSpecSchema.js";
import type { SuiteChain } from "../suite/suiteChain.js";
import { CaseFailure } from "./CaseOutcome.js";
import type { HttpResult } from "./httpRequest.js";

export type BalanceExpectation = {
  address: Address;
  /** Expected change in atomic units (negative for a payer). */
  delta: bigint;
  /** Name used in the failure message ("buyer", "payTo"). */
  label: string;
  token?: Address;
};

export type Expect = {
  /** Fails with `message` unless `condition` holds. */
  that: (condition: unknown, message: string) => void;
  /** Fails unless `actual === expected` (bigints and strings compared as they are). */
  equal: <T>(actual: T, expected: T, what: string) => void;
  /** Fails unless the HTTP status is one of `expected`. */
  status: (result: HttpResult, expected: number | readonly number[], what: string) => void;
  /**
   * Parses `value` with a schema of @x402kit/types, or fails with the first issue. For the messages the spec's JSON
   * Schema defines, judges `value` with it too (`spec`), and a failure says when that schema accepts it.
   */
  schema: <schema extends z.ZodType>(schema: schema, value: unknown, what: string) => z.infer<schema>;
  /**
   * Judges a message that x402kit's schemas accepted with the spec's JSON Schema (`--spec-schema`): a warning when it
   * refuses it, naming both judges. Does nothing when no spec schema was given.
   */
  spec: (message: SpecMessage, value: unknown, what: string) => void;
  /**
   * Checks a reason code. Passes for one of the `expected` codes (the spec's, or x402kit's extra codes); passes with a
   * warning for a known alias of one of them (`reasonCodeAliases`); fails otherwise.
   */
  reason: (actual: string | undefined, expected: readonly string[], what: string) => void;
  /** Runs `action` and checks that each balance changed by exactly its delta (ground truth: the chain). */
  balanceChanges: <T>(expectations: BalanceExpectation[], action: () => Promise<T>) => Promise<T>;
};

export type CreateExpectParameters = {
  chain: SuiteChain;
  warn: (message: string) => void;
  /** The spec's JSON Schema (`--spec-schema`), the second judge of the messages it defines. */
  specSchema?: SpecSchema | undefined;
};

/** The x402kit schema that judges each message of the spec's JSON Schema. */
const specMessageOf = new Map<z.ZodType, SpecMessage>([
  [paymentRequiredSchema, "PaymentRequired"],
  [paymentPayloadSchema, "PaymentPayload"],
  [settleResponseSchema, "SettlementResponse"],
]);

/** Short JSON for failure messages. */
export function show(value: unknown, max = 300): string {
  let text: string;
  try {
    text =
      typeof value === "string"
        ? JSON.stringify(value)
        : JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v));
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The assertion helpers a case uses: each failure is one readable line. */
export function createExpect({ chain, warn, specSchema }: CreateExpectParameters): Expect {
  const that: Expect["that"] = (condition, message) => {
    if (!condition) throw new CaseFailure(message);
  };
  const spec: Expect["spec"] = (message, value, what) => {
    const reasons = specSchema?.reject(message, value);
    if (reasons !== undefined)
      warn(
        `${what}: the spec's JSON Schema (#/$defs/${message}) refuses what x402kit's schema accepts: ${reasons}`,
      );
  };
  return {
    that,
    equal: (actual, expected, what) => {
      if (actual !== expected)
        throw new CaseFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
    },
    status: (result, expected, what) => {
      const list = typeof expected === "number" ? [expected] : expected;
      if (!list.includes(result.status)) {
        throw new CaseFailure(
          `${what}: expected HTTP ${list.join(" or ")}, got ${result.status}${result.text ? ` ${show(result.text, 200)}` : ""}`,
        );
      }
    },
    schema: (schema, value, what) => {
      const message = specMessageOf.get(schema);
      const parsed = schema.safeParse(value);
      if (parsed.success) {
        if (message) spec(message, value, what);
        return parsed.data;
      }
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
      const specAccepts =
        message && specSchema && specSchema.reject(message, value) === undefined
          ? `; the spec's JSON Schema (#/$defs/${message}) accepts it`
          : "";
      throw new CaseFailure(
        `${what} is malformed${where}: ${issue?.message ?? "invalid"}${specAccepts} (got ${show(value)})`,
      );
    },
    spec,
    reason: (actual, expected, what) => {
      if (actual === undefined || actual === "") {
        throw new CaseFailure(`${what}: no reason given, expected ${expected.join(" or ")}`);
      }
      if (expected.includes(actual)) return;
      if (Object.hasOwn(reasonCodeAliases, actual) && expected.includes(canonicalReasonCode(actual))) {
        warn(`${what}: "${actual}" is a known alias; the spec's code is "${canonicalReasonCode(actual)}"`);
        return;
      }
      throw new CaseFailure(`${what}: expected reason ${expected.join(" or ")}, got "${actual}"`);
    },
    balanceChanges: async (expectations, action) => {
      const read = () => Promise.all(expectations.map((e) => chain.balanceOf(e.address, e.token)));
      const before = await read();
      const result = await action();
      const after = await read();
      const wrong = expectations
        .map((e, i) => ({ e, delta: after[i]! - before[i]! }))
        .filter(({ e, delta }) => delta !== e.delta)
        .map(({ e, delta }) => `${e.label} changed by ${delta}, expected ${e.delta}`);
      if (wrong.length > 0) throw new CaseFailure(`balances on-chain: ${wrong.join("; ")}`);
      return result;
    },
  };
}
