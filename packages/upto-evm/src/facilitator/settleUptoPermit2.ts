import type { SchemePaymentParameters, SettleContext } from "@x402kit/core";
import type { SettleResponse } from "@x402kit/types";
import { waitForTransactionReceipt } from "viem/actions";
import { uptoPermit2ProxyAddress } from "../constants.js";
import { errorMessage } from "../utils/errorMessage.js";
import { sendSettlement } from "./sendSettlement.js";
import { settleResponseOf } from "./settleResponseOf.js";
import type { UptoFacilitatorSettings, UptoNetworkContext } from "./types.js";
import { verifyUptoPermit2 } from "./verifyUptoPermit2.js";

export type SettleUptoPermit2Parameters = {
  payment: SchemePaymentParameters;
  context: SettleContext;
  contexts: ReadonlyMap<string, UptoNetworkContext>;
  settings: UptoFacilitatorSettings;
};

/**
 * Settles an upto EVM payment (scheme_upto_evm.md phase 4) for `requirements.amount`, the amount the resource
 * server reported (spec v2 §7.2): verifies it again for that amount (more than the signed maximum is
 * `invalid_upto_evm_payload_settlement_exceeds_amount`), then calls the upto proxy's `settle` (or
 * `settleWithPermit`) through the nonce manager and waits for the receipt up to `receiptTimeoutMs`. A zero amount
 * sends nothing and succeeds with `transaction: ""` and `amount: "0"`. A slow receipt answers `settlement_pending`
 * with the hash. Never throws.
 */
export async function settleUptoPermit2(parameters: SettleUptoPermit2Parameters): Promise<SettleResponse> {
  const { payment, context, contexts, settings } = parameters;
  const { network } = payment.requirements;
  let payer: string | undefined;
  const failure = (errorReason: string, message: string | undefined, transaction = ""): SettleResponse => ({
    success: false,
    errorReason,
    ...(message ? { errorMessage: message } : {}),
    transaction,
    network,
    ...(payer ? { payer } : {}),
  });
  try {
    const verified = await verifyUptoPermit2({ payment, contexts, settings, phase: "settle" });
    payer = verified.response.payer;
    if (!verified.settlement) {
      const reason = verified.response.invalidReason;
      return failure(
        reason === "unexpected_verify_error" || !reason ? "unexpected_settle_error" : reason,
        verified.response.invalidMessage,
      );
    }
    const { settlement } = verified;
    // scheme_upto_evm.md phase 4: a zero settlement needs no transaction; the authorization expires unused.
    if (settlement.amount === 0n || !settlement.data)
      return { success: true, transaction: "", network, payer: settlement.payer, amount: "0" };
    const sent = await sendSettlement({
      context: settlement.context,
      nonceManager: settings.nonceManager,
      to: uptoPermit2ProxyAddress,
      data: settlement.data,
      gas: settlement.withPermit ? settings.permitGasLimit : settings.gasLimit,
      onBroadcast: (hash) => context.onBroadcast(hash),
    });
    if (sent.status === "refused") return failure("unexpected_settle_error", sent.message);
    try {
      const receipt = await waitForTransactionReceipt(settlement.context.client, {
        hash: sent.hash,
        timeout: settings.receiptTimeoutMs,
        pollingInterval: settings.pollingIntervalMs,
      });
      return settleResponseOf({ receipt, network, payer, amount: settlement.amount.toString() });
    } catch (error) {
      // Sent, outcome unknown (a slow receipt or an RPC failure): keep the hash so the payment is never lost.
      return failure("settlement_pending", `No receipt yet: ${errorMessage(error)}`, sent.hash);
    }
  } catch (error) {
    return failure("unexpected_settle_error", errorMessage(error));
  }
}
