import type { SettleResponse } from "@x402kit/types";

/**
 * x402kit marks a settle answer that repeats an earlier, already delivered outcome for the same authorization
 * (same transaction, no new transfer) with `extensions.x402kit.replayed = true`. A resource server then refuses
 * to deliver the content a second time, while a facilitator still "returns the first outcome".
 */
export function markReplayedSettlement(response: SettleResponse): SettleResponse {
  return { ...response, extensions: { ...response.extensions, x402kit: { replayed: true } } };
}

export function isReplayedSettlement(response: SettleResponse): boolean {
  const mark = response.extensions?.["x402kit"] as { replayed?: unknown } | undefined;
  return mark?.replayed === true;
}
