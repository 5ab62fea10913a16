import type { SchemePaymentParameters, SettleContext } from "@x402kit/core";
import type { SettleResponse } from "@x402kit/types";
import type { Hex } from "viem";
import { waitForTransactionReceipt } from "viem/actions";
import { errorMessage } from "./errorMessage.js";
import { sendSettlementTransaction } from "./sendSettlementTransaction.js";
import { settleResponseFromReceipt } from "./settleResponseFromReceipt.js";
import type { FacilitatorSettings, NetworkContext } from "./types.js";
import { verifyEip3009 } from "./verifyEip3009.js";

export type SettleEip3009Parameters = {
  payment: SchemePaymentParameters;
  context: SettleContext;
  contexts: ReadonlyMap<string, NetworkContext>;
  settings: FacilitatorSettings & { gasLimit: bigint; smartWalletGasLimit: bigint };
};

/**
 * Settles an exact EVM payment made with EIP-3009 (scheme_exact_evm.md phase 3): verifies it again (a settle
 * without a prior verify still checks everything), sends `transferWithAuthorization` through the nonce manager and
 * waits for the receipt up to `receiptTimeoutMs`. A slow receipt answers `settlement_pending` with the hash, never a
 * failure without it. Never throws.
 */
export async function settleEip3009(parameters: SettleEip3009Parameters): Promise<SettleResponse> {
  const { payment, context, contexts, settings } = parameters;
  const { network, amount } = payment.requirements;
  let payer: string | undefined;
  try {
    const verified = await verifyEip3009({ payment, contexts, settings });
    payer = verified.response.payer;
    if (!verified.transfer) {
      const reason = verified.response.invalidReason;
      return {
        success: false,
        errorReason: reason === "unexpected_verify_error" || !reason ? "unexpected_settle_error" : reason,
        errorMessage: verified.response.invalidMessage,
        transaction: "",
        network,
        payer,
      };
    }
    const { transfer } = verified;
    const sent = await sendSettlementTransaction({
      context: transfer.context,
      nonceManager: settings.nonceManager,
      to: transfer.asset,
      data: transfer.data,
      gas: transfer.smartWallet ? settings.smartWalletGasLimit : settings.gasLimit,
      onBroadcast: (hash) => context.onBroadcast(hash),
    });
    if (sent.status === "refused")
      return {
        success: false,
        errorReason: "unexpected_settle_error",
        errorMessage: sent.message,
        transaction: "",
        network,
        payer,
      };
    return await waitForSettlement({ hash: sent.hash, context: transfer.context, settings, payer, amount });
  } catch (error) {
    return {
      success: false,
      errorReason: "unexpected_settle_error",
      errorMessage: errorMessage(error),
      transaction: "",
      network,
      payer,
    };
  }
}

async function waitForSettlement(parameters: {
  hash: Hex;
  context: NetworkContext;
  settings: FacilitatorSettings;
  payer: string | undefined;
  amount: string;
}): Promise<SettleResponse> {
  const { hash, context, settings, payer, amount } = parameters;
  try {
    const receipt = await waitForTransactionReceipt(context.client, {
      hash,
      timeout: settings.receiptTimeoutMs,
      pollingInterval: settings.pollingIntervalMs,
    });
    return settleResponseFromReceipt({ receipt, network: context.network, payer, amount });
  } catch (error) {
    // Sent, outcome unknown (a slow receipt or an RPC failure): keep the hash so the payment is never lost.
    return {
      success: false,
      errorReason: "settlement_pending",
      errorMessage: `No receipt yet: ${errorMessage(error)}`,
      transaction: hash,
      network: context.network,
      payer,
    };
  }
}
