import type { BatchSettlementEvmReasonCode, PaymentRequirements } from "@x402kit/types";
import { type Address, type Hex, isAddressEqual } from "viem";
import { maxWithdrawDelay, minWithdrawDelay } from "../constants.js";
import type { ChannelConfig } from "../schemas.js";
import { computeChannelId } from "./computeChannelId.js";

export type CheckChannelTermsParameters = {
  config: ChannelConfig;
  /** The channel id that the payload claims (its voucher's). */
  channelId: string;
  requirements: PaymentRequirements;
  chainId: number;
};

export type CheckChannelTermsReturnType =
  | { ok: true; channelId: Hex }
  | { ok: false; reason: BatchSettlementEvmReasonCode; message: string };

/**
 * The facilitator's verification rules 1 to 5 of scheme_batch_settlement_evm.md, which need no RPC: the config
 * hashes to the claimed channel id on this chain, and its token, receiver, receiver authorizer and withdraw delay are
 * the requirements' (`asset`, `payTo`, `extra.receiverAuthorizer`, `extra.withdrawDelay`), the delay within bounds.
 * A server checks the same before it accepts a voucher locally.
 */
export function checkChannelTerms(parameters: CheckChannelTermsParameters): CheckChannelTermsReturnType {
  const { config, requirements, chainId } = parameters;
  const refuse = (reason: BatchSettlementEvmReasonCode, message: string) =>
    ({ ok: false, reason, message }) as const;
  const channelId = computeChannelId({ config, chainId });
  if (channelId.toLowerCase() !== parameters.channelId.toLowerCase())
    return refuse(
      "invalid_batch_settlement_evm_channel_id_mismatch",
      "The channel config does not hash to the voucher's channel id.",
    );
  if (!sameAddress(config.token, requirements.asset))
    return refuse(
      "invalid_batch_settlement_evm_token_mismatch",
      "The channel's token is not the requirements' asset.",
    );
  if (!sameAddress(config.receiver, requirements.payTo))
    return refuse(
      "invalid_batch_settlement_evm_receiver_mismatch",
      "The channel's receiver is not the requirements' payTo.",
    );
  const extra = requirements.extra ?? {};
  if (
    typeof extra.receiverAuthorizer !== "string" ||
    !sameAddress(config.receiverAuthorizer, extra.receiverAuthorizer)
  )
    return refuse(
      "invalid_batch_settlement_evm_receiver_authorizer_mismatch",
      "The channel's receiver authorizer is not the requirements' extra.receiverAuthorizer.",
    );
  if (config.withdrawDelay !== extra.withdrawDelay)
    return refuse(
      "invalid_batch_settlement_evm_withdraw_delay_mismatch",
      "The channel's withdraw delay is not the requirements' extra.withdrawDelay.",
    );
  if (config.withdrawDelay < minWithdrawDelay || config.withdrawDelay > maxWithdrawDelay)
    return refuse(
      "invalid_batch_settlement_evm_withdraw_delay_out_of_range",
      `The withdraw delay must be between ${minWithdrawDelay} and ${maxWithdrawDelay} seconds.`,
    );
  return { ok: true, channelId };
}

function sameAddress(a: string, b: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(b) && isAddressEqual(a as Address, b as Address);
}
