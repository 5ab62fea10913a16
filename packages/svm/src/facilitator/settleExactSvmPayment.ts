import { type Base64EncodedWireTransaction, isSolanaError } from "@solana/kit";
import type { FeeApproval, SettleContext } from "@x402kit/core";
import type { SettleResponse } from "@x402kit/types";
import { describeError } from "../utils/describeError.js";
import type { SvmFacilitatorSettings } from "./types.js";
import type { ExactSvmSettlement, VerifyExactSvmPaymentReturnType } from "./verifyExactSvmPayment.js";

export type SettleExactSvmPaymentParameters = {
  network: string;
  amount: string;
  /** The verification of the payment, run again at settle time (a settle without a verify checks everything). */
  verified: VerifyExactSvmPaymentReturnType;
  context: SettleContext;
  settings: SvmFacilitatorSettings;
};

/** A JSON-RPC error answer (the node refused the request), as opposed to a transport failure (unknown outcome). */
const isRpcRefusal = (error: unknown) =>
  isSolanaError(error) && error.context.__code <= -32000 && error.context.__code >= -32768;

/**
 * The settle half (scheme_exact_svm.md steps 11-12). With fee caps (`context.approveFee`) the fee is approved first
 * (verify computed it); a refusal sends nothing. The fee payer's signature goes on (verify made it), the
 * transaction's id goes to `onBroadcast` before it is sent, then it is sent (no preflight: verify simulated it) and
 * its status awaited, sent again from time to time. Landed: success, or `invalid_transaction_state` with the
 * signature if it failed on-chain. No status in time: `settlement_pending` with the signature, unless its blockhash
 * expired, in which case it can never land and nothing moved (`invalid_exact_svm_payload_blockhash_expired`, no
 * transaction: the client signs again). Never throws.
 */
export async function settleExactSvmPayment(
  parameters: SettleExactSvmPaymentParameters,
): Promise<SettleResponse> {
  const { network, verified, context } = parameters;
  const { payer } = verified.response;
  const failure = (errorReason: string, message: string | undefined, transaction = ""): SettleResponse => ({
    success: false,
    errorReason,
    ...(message ? { errorMessage: message } : {}),
    transaction,
    network,
    ...(payer ? { payer } : {}),
  });
  const { settlement } = verified;
  if (!verified.response.isValid || !settlement) {
    const reason = verified.response.invalidReason;
    return failure(
      reason === "unexpected_verify_error" || !reason ? "unexpected_settle_error" : reason,
      verified.response.invalidMessage,
    );
  }
  // The facilitator's fee caps, before anything is sent: a refusal costs nothing.
  if (!context.approveFee) return broadcast(settlement, parameters, failure);
  const { fee } = settlement;
  let approval: FeeApproval;
  try {
    approval = await context.approveFee({ maximum: fee });
  } catch (error) {
    return failure("unexpected_settle_error", `The fee could not be approved: ${describeError(error)}`);
  }
  if (!approval.approved) return failure(approval.reason, approval.message);
  const response = await broadcast(settlement, parameters, failure);
  // Landed (a failed transaction pays its fee too): the fee; still unknown: the maximum stays counted; else nothing.
  approval.paid(
    response.success || response.errorReason === "invalid_transaction_state"
      ? fee
      : response.errorReason === "settlement_pending"
        ? undefined
        : 0n,
  );
  return response;
}

/** Records, sends and confirms the co-signed transaction (steps 11-12). Never throws. */
async function broadcast(
  settlement: ExactSvmSettlement,
  parameters: SettleExactSvmPaymentParameters,
  failure: (errorReason: string, message: string | undefined, transaction?: string) => SettleResponse,
): Promise<SettleResponse> {
  const { network, amount, verified, context, settings } = parameters;
  const { payer } = verified.response;
  const { rpc, watcher } = settlement.context;
  const { signature, signed, decoded } = settlement;
  try {
    await context.onBroadcast(signature);
  } catch (error) {
    return failure(
      "unexpected_settle_error",
      `The settlement could not be recorded: ${describeError(error)}`,
    );
  }
  const send = () =>
    rpc
      .sendTransaction(signed as Base64EncodedWireTransaction, {
        encoding: "base64",
        skipPreflight: true,
        maxRetries: 0n,
      })
      .send();
  try {
    await send();
  } catch (error) {
    // The node answered with an error: it did not take the transaction, so nothing can land.
    if (isRpcRefusal(error))
      return failure("unexpected_settle_error", `The node refused the transaction: ${describeError(error)}`);
    // A transport failure: it may have arrived; the status decides.
  }
  const waited = await watcher.wait({
    signature,
    timeoutMs: settings.confirmTimeoutMs,
    rebroadcast: send,
    rebroadcastIntervalMs: settings.rebroadcastIntervalMs,
  });
  if (waited.status === "landed") {
    if (waited.err === null || waited.err === undefined)
      return { success: true, transaction: signature, network, ...(payer ? { payer } : {}), amount };
    return failure(
      "invalid_transaction_state",
      `The transaction failed on-chain: ${JSON.stringify(waited.err, (_, item) => (typeof item === "bigint" ? item.toString() : item))}`,
      signature,
    );
  }
  try {
    const [{ value: valid }, { value: statuses }] = await Promise.all([
      rpc.isBlockhashValid(decoded.blockhash as never, { commitment: "processed" }).send(),
      rpc.getSignatureStatuses([signature as never], { searchTransactionHistory: true }).send(),
    ]);
    if (!valid && !statuses[0])
      return failure(
        "invalid_exact_svm_payload_blockhash_expired",
        "The transaction did not land before its blockhash expired; nothing was paid. Sign a new transaction.",
      );
  } catch {
    // Unknown: keep the signature.
  }
  return failure(
    "settlement_pending",
    `No confirmation yet${waited.lastError ? ` (${waited.lastError})` : ""}; settle the same payload again for the outcome.`,
    signature,
  );
}
