import type { SettleOutcome, VerifiedPayment } from "@x402kit/core";

/** The status to report when the client went away before the response was sent: nothing delivered, no charge. */
export const CLIENT_CLOSED_STATUS = 499;

export type Settler = {
  /**
   * Settles once with the handler's status; later calls return the first outcome. The engine settles only below
   * 400, and always releases the payment, so every paid request must reach this (a thrown handler with 500).
   */
  (status: number): Promise<SettleOutcome>;
  readonly called: boolean;
};

/**
 * Wraps `payment.settle` so that an adapter may call it from several places (response end, error, client close)
 * and the payment is settled or released exactly once. An unexpected throw becomes a 500 without the held body.
 */
export function createSettler(payment: VerifiedPayment): Settler {
  let outcome: Promise<SettleOutcome> | undefined;
  const settle = (status: number) => {
    outcome ??= payment.settle({ status }).catch(
      (): SettleOutcome => ({
        type: "respond",
        response: {
          status: 500,
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify({
            error: "unexpected_settle_error",
            message: "The payment could not be settled.",
          }),
        },
      }),
    );
    return outcome;
  };
  return Object.defineProperty(settle, "called", { get: () => outcome !== undefined }) as Settler;
}
