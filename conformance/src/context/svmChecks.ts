import type { Address, KeyPairSigner } from "@solana/kit";
import type { PaymentPayload, PaymentRequirements, SettleResponse } from "@x402kit/types";
import { defineCase } from "../defineCase.js";
import type { SuiteSolana } from "../suite/startSuiteSolana.js";
import type { BaseContext, ConformanceCase, FacilitatorContext, Level, SolanaContext } from "../types.js";
import { expectRejected, readSettleResponse } from "./facilitatorChecks.js";

/** The reason codes (v2 §9 and the exact SVM codes of `@x402kit/types`) that name each Solana condition. */
export const svmReasons = {
  amount: ["invalid_exact_svm_payload_amount_mismatch"],
  recipient: ["invalid_exact_svm_payload_recipient_mismatch"],
  feePayer: [
    "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
    "invalid_exact_svm_payload_fee_payer_not_isolated",
  ],
  computePrice: ["invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high"],
  layout: [
    "invalid_exact_svm_payload_transaction_instructions_length",
    "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction",
    "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction",
    "invalid_exact_svm_payload_no_transfer_instruction",
    "invalid_exact_svm_payload_unknown_fourth_instruction",
    "invalid_exact_svm_payload_unknown_fifth_instruction",
    "invalid_exact_svm_payload_unknown_sixth_instruction",
    "invalid_exact_svm_payload_unknown_seventh_instruction",
  ],
  memo: ["invalid_exact_svm_payload_memo_mismatch", "invalid_exact_svm_payload_memo_count"],
  signature: [
    "invalid_exact_svm_payload_signature_invalid",
    "invalid_exact_svm_transaction_simulation_failed",
  ],
} as const satisfies Record<string, readonly string[]>;

/** The Solana part of the context; a Solana case run without it (not a `--family solana` run) is skipped. */
export function solanaOf(context: FacilitatorContext): SolanaContext {
  if (!context.solana) return context.skip("not a --family solana run: the suite started no Solana chain");
  return context.solana;
}

/** A fresh buyer (1 mock USDC, no SOL) and fresh exact SVM requirements (a fresh payTo). */
export async function freshSvmPayment(
  context: FacilitatorContext,
  overrides: Partial<PaymentRequirements> = {},
) {
  const solana = solanaOf(context);
  const [buyer, requirements] = await Promise.all([solana.chain.newBuyer(), solana.requirements(overrides)]);
  return { solana, buyer, requirements };
}

/** Runs `action` and checks that each mock USDC balance changed by exactly its delta (the chain is the truth). */
export async function svmBalanceChanges<T>(
  context: Pick<BaseContext, "expect">,
  chain: SuiteSolana,
  expectations: { owner: Address; delta: bigint; label: string }[],
  action: () => Promise<T>,
): Promise<T> {
  const before = await Promise.all(expectations.map((e) => chain.balanceOf(e.owner)));
  const result = await action();
  const after = await Promise.all(expectations.map((e) => chain.balanceOf(e.owner)));
  for (const [index, e] of expectations.entries())
    context.expect.equal(after[index]! - before[index]!, e.delta, `${e.label}'s mock USDC change`);
  return result;
}

/** Settles a valid Solana payment: success, a base58 signature the chain executed, the network, the payer. */
export async function settleValidSvm(
  context: FacilitatorContext,
  chain: SuiteSolana,
  payload: PaymentPayload,
  requirements: PaymentRequirements,
  buyer: KeyPairSigner,
): Promise<SettleResponse> {
  const body = readSettleResponse(
    context,
    await context.facilitator.settle(context.facilitator.body(payload, requirements)),
  );
  context.expect.that(
    body.success === true,
    `POST /settle of a valid Solana payment failed: ${body.errorReason ?? "no reason"} ${body.errorMessage ?? ""}`,
  );
  context.expect.that(
    /^[1-9A-HJ-NP-Za-km-z]{64,88}$/.test(body.transaction),
    `transaction is not a base58 transaction signature: "${body.transaction}" (exact-svm SettlementResponse)`,
  );
  context.expect.equal(body.network, requirements.network, "SettleResponse network");
  context.expect.equal(
    await chain.signatureSucceeded(body.transaction),
    true,
    `the chain's status of ${body.transaction}`,
  );
  if (body.payer !== undefined) context.expect.equal(body.payer, buyer.address, "SettleResponse payer");
  return body;
}

export type RejectedSvmVerifyCase = {
  id: string;
  spec: ConformanceCase["spec"];
  rationale?: string;
  level?: Level;
  description: string;
  reasons: readonly string[];
  /** The payload to verify against the fresh requirements (or others it returns). */
  build: (
    solana: SolanaContext,
    fresh: { buyer: KeyPairSigner; requirements: PaymentRequirements },
  ) => Promise<{ payload: PaymentPayload; requirements?: PaymentRequirements }>;
};

/**
 * A Solana /verify case for one broken rule: `isValid: false` with the rule's reason; then the same payment settled
 * without a prior verify fails too, and no mock USDC moves (the fee payer holds none to move).
 */
export function rejectedSvmVerifyCase(definition: RejectedSvmVerifyCase): ConformanceCase<"facilitator"> {
  return defineCase({
    id: definition.id,
    spec: definition.spec,
    ...(definition.rationale === undefined ? {} : { rationale: definition.rationale }),
    level: definition.level ?? "MUST",
    role: "facilitator",
    family: "solana",
    description: definition.description,
    refused: true,
    run: async (context) => {
      const { solana, buyer, requirements: fresh } = await freshSvmPayment(context);
      const built = await definition.build(solana, { buyer, requirements: fresh });
      const requirements = built.requirements ?? fresh;
      const body = context.facilitator.body(built.payload, requirements);
      await svmBalanceChanges(
        context,
        solana.chain,
        [
          { owner: buyer.address, delta: 0n, label: "buyer" },
          { owner: requirements.payTo as Address, delta: 0n, label: "payTo" },
        ],
        async () => {
          expectRejected(context, await context.facilitator.verify(body), definition.reasons);
          const settled = readSettleResponse(context, await context.facilitator.settle(body));
          context.expect.equal(settled.success, false, "POST /settle without a prior verify: success");
          context.expect.equal(settled.transaction, "", "POST /settle transaction (spec v2 §5.3)");
        },
      );
    },
  });
}
