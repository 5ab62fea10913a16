import type { FeeApproval, SettleContext } from "@x402kit/core";
import type { SettleResponse } from "@x402kit/types";
import type { Hex } from "viem";
import type { BatchSettlementSubmitReturnType } from "./createBatchSettlement.js";
import { errorMessage } from "./errorMessage.js";
import { estimateSettlementFee } from "./estimateSettlementFee.js";
import { sendSettlementTransaction } from "./sendSettlementTransaction.js";
import { settleResponseFromReceipt } from "./settleResponseFromReceipt.js";
import type { EvmSettlementCall, FacilitatorSettings, VerifiedEvmPayment } from "./types.js";

export type SettleEvmPaymentParameters = {
  network: string;
  /** The scheme's verification of the payment, run again at settle time (a settle without a verify checks all). */
  verified: VerifiedEvmPayment;
  context: SettleContext;
  settings: FacilitatorSettings;
};

/**
 * The settle half that every EVM scheme shares (spec v2 §7.2): a refused verification becomes the settle failure
 * with the same reason; a valid one sends its transaction through the nonce manager (`onBroadcast` first), alone or
 * in a batch when the network has batch settlement and the payment is an EOA's EIP-3009 authorization, and polls
 * for the receipt up to `receiptTimeoutMs`, through transient RPC errors. With fee caps (`context.approveFee`), the
 * fee is approved first (gas limit × max fee per gas) and what the receipt says was paid is reported back. A node
 * that refuses the transaction because the signer lacks gas gives `facilitator_insufficient_gas`. A slow receipt answers `settlement_pending` with the hash, never a
 * failure without it. A valid payment that moves nothing succeeds with no transaction. Never throws.
 */
export async function settleEvmPayment(parameters: SettleEvmPaymentParameters): Promise<SettleResponse> {
  const { network, verified, context, settings } = parameters;
  const { payer } = verified.response;
  const failure = (errorReason: string, message: string | undefined, transaction = ""): SettleResponse => ({
    success: false,
    errorReason,
    ...(message ? { errorMessage: message } : {}),
    transaction,
    network,
    ...(payer ? { payer } : {}),
  });
  if (!verified.response.isValid || verified.amount === undefined) {
    const reason = verified.response.invalidReason;
    return failure(
      reason === "unexpected_verify_error" || !reason ? "unexpected_settle_error" : reason,
      verified.response.invalidMessage,
    );
  }
  const amount = verified.amount.toString();
  const { call } = verified;
  if (!call) return { success: true, transaction: "", network, ...(payer ? { payer } : {}), amount };
  // The facilitator's fee caps, before anything is sent: a refusal costs nothing.
  let approval: Extract<FeeApproval, { approved: true }> | undefined;
  if (context.approveFee) {
    let answer: FeeApproval;
    try {
      answer = await context.approveFee({ maximum: await estimateSettlementFee(call) });
    } catch (error) {
      return failure("unexpected_settle_error", `The fee could not be estimated: ${errorMessage(error)}`);
    }
    if (!answer.approved) return failure(answer.reason, answer.message);
    approval = answer;
  }
  let paid: bigint | undefined;
  try {
    const onBroadcast = (hash: Hex) => context.onBroadcast(hash);
    const { batch } = call.context;
    const carried =
      batch && call.batchItem
        ? await batch.submit({ item: call.batchItem, onBroadcast })
        : await sendAlone(call, settings, onBroadcast);
    if (carried.receipt === undefined) {
      paid = 0n;
      // The node refused it because the signer cannot pay its gas: the operator's problem, said as such.
      if (carried.sent.insufficientGas)
        return failure(
          "facilitator_insufficient_gas",
          `The facilitator's signer cannot pay the gas for this settlement; nothing was sent (${carried.sent.message}).`,
        );
      return failure("unexpected_settle_error", carried.sent.message);
    }
    const { sent } = carried;
    const waited = await carried.receipt;
    if (waited.status === "mined") {
      // What the signer paid (a batch's receipt is the whole batch's: its payments keep their estimates).
      if (!call.batchItem || !batch) paid = waited.receipt.gasUsed * waited.receipt.effectiveGasPrice;
      return settleResponseFromReceipt({
        receipt: waited.receipt,
        network,
        payer,
        amount,
        authorization: call.batchItem && { ...call.batchItem.authorization, batchIndex: carried.batchIndex },
      });
    }
    // Sent, outcome unknown (no receipt in time, through RPC failures too): keep the hash so the payment is never lost.
    return failure("settlement_pending", `No receipt yet: ${waited.lastError}`, sent.hash);
  } catch (error) {
    return failure("unexpected_settle_error", errorMessage(error));
  } finally {
    approval?.paid(paid);
  }
}

/** One settlement in its own transaction, and its receipt. */
async function sendAlone(
  call: EvmSettlementCall,
  settings: FacilitatorSettings,
  onBroadcast: (hash: Hex) => Promise<void>,
): Promise<BatchSettlementSubmitReturnType> {
  const sent = await sendSettlementTransaction({
    context: call.context,
    nonceManager: settings.nonceManager,
    to: call.to,
    data: call.data,
    gas: call.gas,
    onBroadcast,
  });
  if (sent.status === "refused") return { sent };
  const receipt = call.context.receipts.wait({ hash: sent.hash, timeoutMs: settings.receiptTimeoutMs });
  return { sent, receipt };
}
