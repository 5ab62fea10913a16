import type { SettleResponse } from "@x402kit/types";

/**
 * What a paid request's answer says about the money: `settled`; `not_settled`, when the server definitively did
 * not settle; `unknown` otherwise (no answer, or an answer that does not tell).
 */
export type PaymentOutcome = "settled" | "not_settled" | "unknown";

/** The answer to a paid request, or undefined when the request failed without one (network error, abort). */
export type PaidAnswer = { status: number; receipt: SettleResponse | undefined } | undefined;

// Gateway errors: the server could not reach its facilitator or timed out waiting, possibly during settlement.
const outcomeUnknownStatuses = new Set([502, 504]);

export function classifyOutcome(answer: PaidAnswer): PaymentOutcome {
  if (!answer) return "unknown";
  const { status, receipt } = answer;
  if (receipt) {
    if (receipt.success) return "settled";
    // Spec v2 §5.3: `transaction` is "" when settlement failed; a hash means something reached the chain.
    return receipt.transaction === "" ? "not_settled" : "unknown";
  }
  if (status >= 400 && !outcomeUnknownStatuses.has(status)) return "not_settled";
  return "unknown";
}
