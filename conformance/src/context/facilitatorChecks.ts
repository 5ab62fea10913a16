import {
  type PaymentPayload,
  type PaymentRequirements,
  type SettleResponse,
  settleResponseSchema,
  type VerifyResponse,
  verifyResponseSchema,
} from "@x402kit/types";
import { defineCase } from "../defineCase.js";
import type { Buyer, ConformanceCase, FacilitatorContext, Level } from "../types.js";
import type { HttpResult } from "./httpRequest.js";

/** The spec's reason codes (v2 §9) for each condition, plus x402kit's extra codes where the spec names none. */
export const reasons = {
  amount: ["invalid_exact_evm_payload_authorization_value_mismatch"],
  recipient: ["invalid_exact_evm_payload_recipient_mismatch"],
  signature: ["invalid_exact_evm_payload_signature"],
  validBefore: ["invalid_exact_evm_payload_authorization_valid_before"],
  validAfter: ["invalid_exact_evm_payload_authorization_valid_after"],
  nonceUsed: ["invalid_exact_evm_payload_authorization_nonce_used", "invalid_transaction_state"],
  funds: ["insufficient_funds"],
  scheme: ["unsupported_scheme", "invalid_scheme"],
  network: ["invalid_network"],
  version: ["invalid_x402_version"],
  payload: ["invalid_payload"],
  requirementsMismatch: [
    "invalid_payment_requirements",
    "invalid_payment_requirements_mismatch",
    "invalid_network",
  ],
} as const satisfies Record<string, readonly string[]>;

/** Reads a VerifyResponse: HTTP 200 (a 4xx with a VerifyResponse body passes with a warning), valid shape. */
export function readVerifyResponse(
  context: FacilitatorContext,
  result: HttpResult,
  what = "POST /verify",
): VerifyResponse {
  const { expect, warn } = context;
  expect.that(result.status < 500, `${what}: HTTP ${result.status} ${result.text.slice(0, 200)}`);
  const body = expect.schema(verifyResponseSchema, result.json, `${what} response`);
  if (result.status !== 200)
    warn(`${what} answered HTTP ${result.status}; spec v2 §7.1 answers 200 with the VerifyResponse`);
  return body;
}

/** Reads a SettleResponse the same way. */
export function readSettleResponse(
  context: FacilitatorContext,
  result: HttpResult,
  what = "POST /settle",
): SettleResponse {
  const { expect, warn } = context;
  expect.that(result.status < 500, `${what}: HTTP ${result.status} ${result.text.slice(0, 200)}`);
  const body = expect.schema(settleResponseSchema, result.json, `${what} response`);
  if (result.status !== 200)
    warn(`${what} answered HTTP ${result.status}; spec v2 §7.2 answers 200 with the SettleResponse`);
  return body;
}

/** `isValid: false` with one of `expected` as the reason (aliases warn). */
export function expectRejected(
  context: FacilitatorContext,
  result: HttpResult,
  expected: readonly string[],
  what = "POST /verify",
): VerifyResponse {
  const body = readVerifyResponse(context, result, what);
  context.expect.equal(body.isValid, false, `${what} isValid`);
  context.expect.reason(body.invalidReason, expected, `${what} invalidReason`);
  return body;
}

/** `success: false`, `transaction: ""`, a reason (one of `expected` when given). */
export function expectSettleFailed(
  context: FacilitatorContext,
  result: HttpResult,
  expected?: readonly string[],
  what = "POST /settle",
): SettleResponse {
  const body = readSettleResponse(context, result, what);
  context.expect.equal(body.success, false, `${what} success`);
  context.expect.equal(body.transaction, "", `${what} transaction (spec v2 §5.3: "" on failure)`);
  if (expected) context.expect.reason(body.errorReason, expected, `${what} errorReason`);
  else
    context.expect.that(
      body.errorReason,
      `${what}: a failed settlement carries an errorReason (spec v2 §5.3)`,
    );
  return body;
}

/** A funded buyer and fresh requirements (a fresh payTo, so balance deltas read plainly). */
export async function freshPayment(
  context: FacilitatorContext,
  overrides: Partial<PaymentRequirements> = {},
) {
  const buyer = await context.newBuyer();
  const requirements = context.requirements(overrides);
  return { buyer, requirements };
}

export type RejectedVerifyCase = {
  id: string;
  spec: ConformanceCase["spec"];
  rationale?: string;
  level?: Level;
  description: string;
  /** The reason codes that name this condition. */
  reasons: readonly string[];
  /** Builds the request: a payload and the requirements it is checked against (default: the fresh ones). */
  build: (
    context: FacilitatorContext,
    fresh: { buyer: Buyer; requirements: PaymentRequirements },
  ) => Promise<{ payload: PaymentPayload | unknown; requirements?: unknown; x402Version?: number }>;
};

/**
 * A /verify case for one invalid condition: the facilitator answers `isValid: false` with the condition's reason,
 * and moves no money.
 */
export function rejectedVerifyCase(definition: RejectedVerifyCase): ConformanceCase<"facilitator"> {
  return rejectedCase(definition, async (context, body) =>
    expectRejected(context, await context.facilitator.verify(body), definition.reasons),
  );
}

/**
 * A /settle case for one invalid condition, without a prior /verify: settle checks everything again, answers
 * `success: false` with `transaction: ""`, and no money moves.
 */
export function rejectedSettleCase(definition: RejectedVerifyCase): ConformanceCase<"facilitator"> {
  return rejectedCase(definition, async (context, body) =>
    expectSettleFailed(context, await context.facilitator.settle(body), definition.reasons),
  );
}

/** The shared run of both: build the request from a fresh payment, ask, and check that no money moved. */
function rejectedCase(
  definition: RejectedVerifyCase,
  ask: (
    context: FacilitatorContext,
    body: ReturnType<FacilitatorContext["facilitator"]["body"]>,
  ) => Promise<unknown>,
): ConformanceCase<"facilitator"> {
  return defineCase({
    id: definition.id,
    spec: definition.spec,
    ...(definition.rationale === undefined ? {} : { rationale: definition.rationale }),
    level: definition.level ?? "MUST",
    role: "facilitator",
    description: definition.description,
    refused: true,
    run: async (context) => {
      const fresh = await freshPayment(context);
      const built = await definition.build(context, fresh);
      const body = context.facilitator.body(
        built.payload,
        built.requirements ?? fresh.requirements,
        built.x402Version,
      );
      await context.expect.balanceChanges(
        [
          { address: fresh.buyer.address, delta: 0n, label: "buyer" },
          { address: fresh.requirements.payTo as `0x${string}`, delta: 0n, label: "payTo" },
        ],
        () => ask(context, body),
      );
    },
  });
}

/** Settles a valid payment and checks the answer: success, a transaction hash, the network, the payer. */
export async function settleValid(
  context: FacilitatorContext,
  payload: PaymentPayload,
  requirements: PaymentRequirements,
  buyer: Buyer,
): Promise<SettleResponse> {
  const body = readSettleResponse(
    context,
    await context.facilitator.settle(context.facilitator.body(payload, requirements)),
  );
  context.expect.that(
    body.success === true,
    `POST /settle of a valid payment failed: ${body.errorReason ?? "no reason"}`,
  );
  context.expect.that(
    /^0x[0-9a-fA-F]{64}$/.test(body.transaction),
    `transaction is not a tx hash: "${body.transaction}"`,
  );
  context.expect.equal(body.network, requirements.network, "SettleResponse network");
  if (body.payer !== undefined)
    context.expect.equal(body.payer.toLowerCase(), buyer.address.toLowerCase(), "SettleResponse payer");
  return body;
}

/**
 * Whether a settle answer says it repeats an earlier success (same transaction, no new transfer). The spec defines
 * no such mark; the suite knows x402kit's, `extensions.x402kit.replayed: true`, and reads it from the wire only.
 */
export function isMarkedReplay(body: SettleResponse): boolean {
  const mark = body.extensions?.["x402kit"];
  return typeof mark === "object" && mark !== null && (mark as { replayed?: unknown }).replayed === true;
}

export type JudgeRepeatedSettlesParameters = {
  /** The answers to settles of one payment whose transfer happened once. */
  answers: readonly SettleResponse[];
  /** The transaction of that transfer, when an earlier answer named it. */
  transaction?: string | undefined;
  /** How many of `answers` may report the transfer as a plain success: 1 when none did before, else 0. */
  fresh: 0 | 1;
  what: string;
};

/**
 * Judges repeated settles of one payment (README: "Replays"). Spec v2 §7.2 settles by broadcasting the transfer and
 * §10.1 lets each authorization pay once, so a repeat fails (`success: false`, `transaction: ""`). A repeat that
 * answers `success: true` must name the one transaction; unmarked, it cannot be told from a new settlement (a resource
 * server that delivers on success delivers again) and fails the case; marked as a replay it passes with a warning,
 * since only servers that read the mark are protected.
 */
export function judgeRepeatedSettles(
  context: FacilitatorContext,
  parameters: JudgeRepeatedSettlesParameters,
) {
  const { answers, fresh, what } = parameters;
  const { expect } = context;
  for (const failed of answers.filter((a) => !a.success))
    expect.equal(failed.transaction, "", `${what}: transaction of a failed settle (spec v2 §5.3)`);
  const successes = answers.filter((a) => a.success);
  const transactions = new Set(successes.map((a) => a.transaction));
  if (parameters.transaction !== undefined) transactions.add(parameters.transaction);
  expect.that(
    transactions.size <= 1,
    `${what}: successes name ${transactions.size} transactions for one transfer`,
  );
  const unmarked = successes.filter((a) => !isMarkedReplay(a)).length;
  expect.that(
    unmarked <= fresh,
    `${what}: ${unmarked - fresh} repeat(s) answer success:true unmarked, like a new settlement (spec v2 §7.2, §10.1)`,
  );
  const marked = successes.length - unmarked;
  if (marked > 0)
    context.warn(
      `${what}: ${marked} repeat(s) answer success:true marked extensions.x402kit.replayed; servers that read only ` +
        "the spec's fields would deliver again (spec v2 §7.2, §10.1 expect success:false)",
    );
}
