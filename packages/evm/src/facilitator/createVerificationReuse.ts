import type { SchemePaymentParameters } from "@x402kit/core";
import type { FacilitatorSettings, VerifiedEvmPayment } from "./types.js";

export type VerificationReuse = {
  /**
   * Keeps a valid verification, for the settle of the same payment, when the payment would settle in a batch of a
   * network whose `batchSettlement.reuseVerificationMs` is above 0.
   */
  remember(payment: SchemePaymentParameters, verified: VerifiedEvmPayment): void;
  /** The verification kept for exactly this payload and these requirements, once, while fresh and still in time. */
  take(payment: SchemePaymentParameters): VerifiedEvmPayment | undefined;
};

export type CreateVerificationReuseParameters = {
  settings: Pick<FacilitatorSettings, "now" | "validityMarginSeconds">;
  /** Verifications kept at most; the oldest go first. Default 10 000. */
  maxEntries?: number | undefined;
  /** The clock for freshness, in milliseconds. */
  clock?: (() => number) | undefined;
};

export type CreateVerificationReuseReturnType = VerificationReuse;

type Kept = { at: number; reuseMs: number; verified: VerifiedEvmPayment };

/**
 * Lets a settle reuse the verification that `/verify` just made of the same payment (issue 16): a resource server
 * verifies, serves, then settles within a few milliseconds, and the second simulation of the same transfer costs the
 * node and the facilitator as much as the first. Only payments that settle in a batch qualify: X402BatchSettler tries
 * each authorization on its own, so one that became invalid in between (its nonce used elsewhere, its balance
 * spent) fails alone, as `invalid_transaction_state` with the batch's hash, and moves nothing. The key is the whole
 * payload and requirements as JSON: any other bytes verify again. A verification is taken once; at take, the
 * authorization must still be valid for `validityMarginSeconds`.
 */
export function createVerificationReuse(
  parameters: CreateVerificationReuseParameters,
): CreateVerificationReuseReturnType {
  const { settings, maxEntries = 10_000, clock = () => performance.now() } = parameters;
  const kept = new Map<string, Kept>();
  const keyOf = (payment: SchemePaymentParameters) => JSON.stringify([payment.payload, payment.requirements]);
  const fresh = (entry: Kept, at: number) => at - entry.at <= entry.reuseMs;

  return {
    remember(payment, verified) {
      const reuseMs = verified.call?.context.batch?.reuseVerificationMs ?? 0;
      if (!verified.response.isValid || !verified.call?.batchItem || reuseMs <= 0) return;
      const at = clock();
      // The oldest first: forget those no longer fresh, and any beyond the bound.
      for (const [key, entry] of kept) {
        if (fresh(entry, at) && kept.size < maxEntries) break;
        kept.delete(key);
      }
      const key = keyOf(payment);
      kept.delete(key);
      kept.set(key, { at, reuseMs, verified });
    },
    take(payment) {
      if (kept.size === 0) return undefined;
      const key = keyOf(payment);
      const entry = kept.get(key);
      if (!entry) return undefined;
      kept.delete(key);
      const validBefore = entry.verified.call?.batchItem?.authorization.validBefore;
      const now = BigInt(Math.floor(settings.now()));
      if (!fresh(entry, clock()) || validBefore === undefined) return undefined;
      if (validBefore <= now + BigInt(settings.validityMarginSeconds)) return undefined;
      return entry.verified;
    },
  };
}
