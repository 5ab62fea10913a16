import type { SchemePaymentParameters } from "@x402kit/core";
import { exactSvmPayloadSchema } from "@x402kit/types";
import { decodeSvmTransaction } from "../utils/decodeSvmTransaction.js";

/**
 * The settlement key of an exact SVM payment: `<network>:<sha256 of the message, base58>`. It names what the client
 * signed, not the signature bytes: a client can sign one message with several valid signatures, and the fee payer's
 * slot is rewritten anyway, so only the message identifies the payment (and the transaction: the fee payer's
 * signature of it, the transaction id, is deterministic). Undefined when the payload does not decode.
 */
export function exactSvmSettlementKey(payment: SchemePaymentParameters): string | undefined {
  const parsed = exactSvmPayloadSchema.safeParse(payment.payload.payload);
  if (!parsed.success) return undefined;
  const decoded = decodeSvmTransaction(parsed.data.transaction);
  return decoded.ok ? `${payment.requirements.network}:${decoded.decoded.messageHash}` : undefined;
}
