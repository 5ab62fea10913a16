import type { PrepareSettlementParameters } from "@x402kit/core";
import type { PaymentRequirements } from "@x402kit/types";
import { UptoEvmError } from "../errors/UptoEvmError.js";

export type PrepareUptoSettlementParameters = PrepareSettlementParameters;

export type PrepareUptoSettlementReturnType = PaymentRequirements;

export type PrepareUptoSettlementErrorType = UptoEvmError;

/**
 * The requirements that settle an upto payment (scheme_upto_evm.md §2 note, spec v2 §7.2): the verified
 * requirements with `amount` replaced by the amount the handler reported. More than the maximum throws
 * UptoEvmError("invalid_upto_evm_payload_settlement_exceeds_amount"). No reported amount settles the maximum: the
 * client authorised it, and a handler that forgot to report must not give the resource away (see the README).
 */
export function prepareUptoSettlement(
  parameters: PrepareUptoSettlementParameters,
): PrepareUptoSettlementReturnType {
  const { requirements, settlementAmount } = parameters;
  const maximum = BigInt(requirements.amount);
  if (settlementAmount === undefined) return requirements;
  if (settlementAmount < 0n)
    throw new UptoEvmError("invalid_payment_requirements", "A settlement amount cannot be negative.", {
      details: { settlementAmount: settlementAmount.toString() },
    });
  if (settlementAmount > maximum)
    throw new UptoEvmError(
      "invalid_upto_evm_payload_settlement_exceeds_amount",
      `The reported amount ${settlementAmount} is above the authorised maximum ${maximum}.`,
      { details: { settlementAmount: settlementAmount.toString(), maximum: maximum.toString() } },
    );
  return { ...requirements, amount: settlementAmount.toString() };
}
