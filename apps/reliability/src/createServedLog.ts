import { decodePaymentResponseHeader, decodeXPaymentResponseHeader } from "@x402kit/types";

/** One paid request whose content went out: a 200 carrying a successful `PAYMENT-RESPONSE` (v1: `X-PAYMENT-RESPONSE`). */
export type ServedEntry = {
  path: string;
  /** Atomic units the route charges. */
  amount: bigint;
  payer: string | undefined;
  transaction: string;
};

export type ServedLog = {
  readonly entries: readonly ServedEntry[];
  /**
   * Records a response that went out, if it delivered paid content: status 200 and a `PAYMENT-RESPONSE` that says
   * `success: true`, or for an x402 v1 payment an `X-PAYMENT-RESPONSE` (transports-v1/http.md). Anything else (a
   * refusal, a free route) is not a served paid request.
   */
  record(
    path: string,
    amount: bigint,
    status: number,
    paymentResponse: string | undefined,
    xPaymentResponse?: string | undefined,
  ): void;
  /** The sum of what the served requests charge, in atomic units. */
  total(): bigint;
  /** Served requests by payer (lower-case address). */
  totalsByPayer(): Map<string, bigint>;
};

/** The seller's log of every paid request it served, to reconcile with the chain. */
export function createServedLog(): ServedLog {
  const entries: ServedEntry[] = [];
  return {
    entries,
    record(path, amount, status, paymentResponse, xPaymentResponse) {
      if (status !== 200 || !(paymentResponse || xPaymentResponse)) return;
      let settlement: { success: boolean; payer?: string | undefined; transaction: string };
      try {
        settlement = paymentResponse
          ? decodePaymentResponseHeader(paymentResponse)
          : decodeXPaymentResponseHeader(xPaymentResponse!);
      } catch {
        return;
      }
      if (!settlement.success) return;
      entries.push({ path, amount, payer: settlement.payer, transaction: settlement.transaction });
    },
    total: () => entries.reduce((sum, entry) => sum + entry.amount, 0n),
    totalsByPayer() {
      const totals = new Map<string, bigint>();
      for (const { payer, amount } of entries) {
        const key = (payer ?? "").toLowerCase();
        totals.set(key, (totals.get(key) ?? 0n) + amount);
      }
      return totals;
    },
  };
}
