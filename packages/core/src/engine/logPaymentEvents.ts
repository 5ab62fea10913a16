import type { FacilitatorErrorCode } from "../errors/FacilitatorError.js";
import type { PaymentContext, PaymentHooks, PaymentLogger } from "./types.js";

export type LogPaymentEventsParameters = { logger: PaymentLogger };

/** The observing hooks that report to the logger. */
export type LogPaymentEventsReturnType = Required<
  Pick<PaymentHooks, "afterSettle" | "onSettlementFailure" | "onFacilitatorFailure">
>;

const facilitatorCodes = new Set<string>([
  "facilitator_unavailable",
  "facilitator_timeout",
  "facilitator_bad_response",
  "facilitator_unauthorized",
  "facilitator_rate_limited",
] satisfies FacilitatorErrorCode[]);

const where = (context: PaymentContext) => ({
  transport: context.transport,
  resource: context.resource,
  url: context.url,
});

/** A logger that throws never breaks a payment. */
const safely = (write: () => void) => {
  try {
    write();
  } catch {
    // Ignored: logging is an observer.
  }
};

/**
 * The engine's report to a seller's logger (issue 18): a confirmed settlement (info: transaction, amount, payer), a
 * refused one (warn: its reason), and a facilitator that is down or answers nonsense, at verify or at settle
 * (error). A settlement lost to a facilitator failure is reported once, as the facilitator failure.
 */
export function logPaymentEvents(parameters: LogPaymentEventsParameters): LogPaymentEventsReturnType {
  const { logger } = parameters;
  return {
    afterSettle({ context, payment, settlement }) {
      safely(() =>
        logger.info(
          {
            event: "x402.settled",
            ...where(context),
            scheme: payment.requirements.scheme,
            network: settlement.network,
            transaction: settlement.transaction,
            amount: settlement.amount ?? payment.requirements.amount,
            asset: payment.requirements.asset,
            payer: settlement.payer ?? payment.payer,
          },
          `x402: payment settled, ${settlement.transaction}`,
        ),
      );
    },
    onSettlementFailure({ context, payment, reason, message, settlement }) {
      if (!settlement && facilitatorCodes.has(reason)) return;
      safely(() =>
        logger.warn(
          {
            event: "x402.settlement_failed",
            ...where(context),
            scheme: payment.requirements.scheme,
            network: payment.requirements.network,
            amount: payment.requirements.amount,
            payer: payment.payer,
            reason,
            ...(message !== undefined ? { detail: message } : {}),
            ...(settlement?.transaction ? { transaction: settlement.transaction } : {}),
          },
          `x402: settlement failed (${reason}), nothing delivered`,
        ),
      );
    },
    onFacilitatorFailure({ context, operation, reason, message, facilitatorStatus, requirements, payer }) {
      safely(() =>
        logger.error(
          {
            event: "x402.facilitator_failed",
            ...where(context),
            operation,
            reason,
            detail: message,
            ...(facilitatorStatus !== undefined ? { facilitatorStatus } : {}),
            network: requirements.network,
            amount: requirements.amount,
            ...(payer !== undefined ? { payer } : {}),
          },
          operation === "verify"
            ? `x402: facilitator failed at verify (${reason}); the payer was refused, nothing taken`
            : `x402: facilitator failed at settle (${reason}); outcome unknown, the payment stays redeemable`,
        ),
      );
    },
  };
}
