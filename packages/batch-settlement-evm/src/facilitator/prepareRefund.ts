import type { NetworkContext } from "@x402kit/evm";
import type { BatchSettlementEvmReasonCode, PaymentRequirements } from "@x402kit/types";
import { encodeFunctionData, type Hex, isAddressEqual } from "viem";
import { batchSettlementAbi } from "../abis.js";
import { batchSettlementAddress } from "../constants.js";
import type { EnrichedRefundPayload } from "../schemas.js";
import type { OnchainChannelState } from "../utils/channelStateExtra.js";
import { computeChannelId } from "../utils/computeChannelId.js";
import type { AuthorizerAccount } from "../utils/signClaimBatch.js";
import { signRefund } from "../utils/signRefund.js";
import { toContractConfig } from "../utils/toContractConfig.js";
import { verifyVoucherSignature } from "../utils/verifyVoucherSignature.js";
import { estimateEscrowCall } from "./estimateEscrowCall.js";
import { checkClaimRows, type PreparedStep } from "./prepareClaim.js";
import { readChannelState } from "./readChannelState.js";

export type PrepareRefundParameters = {
  payload: EnrichedRefundPayload;
  requirements: PaymentRequirements;
  context: NetworkContext;
  authorizer: AuthorizerAccount | undefined;
  /** Whether the facilitator's authorizer may sign refunds for servers that delegate to it. */
  delegatedRefunds: boolean;
};

export type PreparedRefund =
  | (PreparedStep & { ok: true; channelId: Hex; before: OnchainChannelState; refunded: bigint })
  | (PreparedStep & { ok: false });

/**
 * A cooperative refund as the server completed it (scheme_batch_settlement_evm.md, "Cooperative refund flow"): the
 * payer's zero-charge voucher is valid and not below what was claimed, the nonce is the channel's, the server's
 * outstanding claim goes first in the same transaction (`multicall`), and something is left to return. The receiver
 * authorizer's signatures come from the server, or from this facilitator when it is the channels' authorizer (claims
 * always; refunds only with `delegatedRefunds`, since a refund returns funds that the server may not have claimed).
 */
export async function prepareRefund(parameters: PrepareRefundParameters): Promise<PreparedRefund> {
  const { payload, requirements, context, authorizer } = parameters;
  const refuse = (reason: BatchSettlementEvmReasonCode, message: string) =>
    ({ ok: false, reason, message }) as const;
  const config = payload.channelConfig;
  const channelId = computeChannelId({ config, chainId: context.chainId });
  if (channelId.toLowerCase() !== payload.voucher.channelId.toLowerCase())
    return refuse(
      "invalid_batch_settlement_evm_channel_id_mismatch",
      "The channel config does not hash to the voucher's channel id.",
    );
  if (!isAddressEqual(config.token as Hex, requirements.asset as Hex))
    return refuse(
      "invalid_batch_settlement_evm_token_mismatch",
      "The channel's token is not the requirements' asset.",
    );
  if (!isAddressEqual(config.receiver as Hex, requirements.payTo as Hex))
    return refuse(
      "invalid_batch_settlement_evm_receiver_mismatch",
      "The channel's receiver is not the requirements' payTo.",
    );
  const amount = BigInt(payload.amount);
  if (amount === 0n)
    return refuse("invalid_batch_settlement_evm_refund_amount_invalid", "A refund amount must be positive.");
  const signed = await verifyVoucherSignature({
    config,
    channelId,
    maxClaimableAmount: BigInt(payload.voucher.maxClaimableAmount),
    signature: payload.voucher.signature as Hex,
    chainId: context.chainId,
    client: context.client,
  });
  if (!signed)
    return refuse(
      "invalid_batch_settlement_evm_voucher_signature",
      "The refund voucher is not signed by the payer authorizer.",
    );

  let claimData: Hex | undefined;
  let before: OnchainChannelState;
  let postClaim: bigint;
  if (payload.claims.length > 0) {
    const checked = await checkClaimRows({
      claims: payload.claims,
      context,
      signature: payload.claimAuthorizerSignature,
      authorizer,
    });
    if (!checked.ok) return checked;
    claimData = checked.data;
    before = checked.states.get(channelId) ?? (await readChannelState({ client: context.client, channelId }));
    postClaim = payload.claims.reduce((max, claim) => {
      const total = BigInt(claim.totalClaimed);
      const same =
        computeChannelId({ config: claim.voucher.channel, chainId: context.chainId }) === channelId;
      return same && total > max ? total : max;
    }, before.totalClaimed);
  } else {
    try {
      before = await readChannelState({ client: context.client, channelId });
    } catch (error) {
      return refuse("invalid_batch_settlement_evm_rpc_read_failed", String(error).split("\n")[0]!);
    }
    postClaim = before.totalClaimed;
  }
  if (BigInt(payload.voucher.maxClaimableAmount) < before.totalClaimed)
    return refuse(
      "invalid_batch_settlement_evm_cumulative_below_claimed",
      "The refund voucher is below what the channel has already claimed.",
    );
  if (BigInt(payload.refundNonce) !== before.refundNonce)
    return refuse(
      "invalid_batch_settlement_evm_refund_payload",
      `The refund nonce must be ${before.refundNonce}.`,
    );
  const available = before.balance > postClaim ? before.balance - postClaim : 0n;
  if (available === 0n)
    return refuse("invalid_batch_settlement_evm_refund_no_balance", "Nothing unclaimed is left to refund.");

  let refundSignature = payload.refundAuthorizerSignature as Hex | undefined;
  if (!refundSignature) {
    if (
      !authorizer ||
      !parameters.delegatedRefunds ||
      !isAddressEqual(authorizer.address, config.receiverAuthorizer as Hex)
    )
      return refuse(
        "invalid_batch_settlement_evm_authorizer_address_mismatch",
        "The refund carries no authorizer signature, and this facilitator does not sign refunds for this channel.",
      );
    refundSignature = await signRefund({
      account: authorizer,
      channelId,
      nonce: before.refundNonce,
      amount,
      chainId: context.chainId,
    });
  }
  const refundData = encodeFunctionData({
    abi: batchSettlementAbi,
    functionName: "refundWithSignature",
    args: [toContractConfig(config), amount, before.refundNonce, refundSignature],
  });
  const data = claimData
    ? encodeFunctionData({
        abi: batchSettlementAbi,
        functionName: "multicall",
        args: [[claimData, refundData]],
      })
    : refundData;
  const simulated = await estimateEscrowCall({
    client: context.client,
    from: context.signer.address,
    to: batchSettlementAddress,
    data,
  });
  if (!simulated.ok)
    return refuse("invalid_batch_settlement_evm_refund_simulation_failed", simulated.message);
  return {
    ok: true,
    call: { context, to: batchSettlementAddress, data, gas: simulated.gas },
    channelId,
    before,
    refunded: amount < available ? amount : available,
  };
}
