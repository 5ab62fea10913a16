import type { SettleResponse } from "@x402kit/types";

/**
 * x402kit marks a settle answer that repeats an earlier, already delivered outcome for the same authorization
 * (same transaction, no new transfer) with `extensions.x402kit.replayed = true`. A resource server then refuses
 * to deliver the content a second time, while a facilitator still "returns the first outcome".
 */
export function markReplayedSettlement(response: SettleResponse): SettleResponse {
  return { ...response, extensions: { ...response.extensions, x402kit: { replayed: true } } };
}

/**
 * The answer to a settle that repeats an authorization already settled and delivered to another caller (spec v2
 * §7.2, §10.1): a failure with the spec's `invalid_transaction_state`, so that any resource server, reading only the
 * spec's fields, refuses to deliver again (x402kit's engine answers its client `duplicate_settlement`). The transaction that did settle it is named in `extensions.x402kit`, and the answer is
 * marked replayed; `transaction` stays empty, as for every failure (spec v2 §5.3).
 */
export function refuseRepeatedSettlement(first: SettleResponse): SettleResponse {
  return {
    success: false,
    errorReason: "invalid_transaction_state",
    errorMessage: `This authorization was already settled (transaction ${first.transaction}) and delivered.`,
    transaction: "",
    network: first.network,
    ...(first.payer ? { payer: first.payer } : {}),
    extensions: { x402kit: { replayed: true, settledIn: first.transaction } },
  };
}

/** Whether an answer is marked replayed: a success repeated (`markReplayedSettlement`) or refused (`refuseRepeatedSettlement`). */
export function isReplayedSettlement(response: SettleResponse): boolean {
  const mark = response.extensions?.["x402kit"] as { replayed?: unknown } | undefined;
  return mark?.replayed === true;
}
