import type { EvmSettlementCall, NetworkContext } from "@x402kit/evm";
import type { BatchSettlementEvmReasonCode } from "@x402kit/types";
import { encodeFunctionData, type Hex, isAddressEqual } from "viem";
import { batchSettlementAbi } from "../abis.js";
import { batchSettlementAddress } from "../constants.js";
import type { VoucherClaim } from "../schemas.js";
import type { OnchainChannelState } from "../utils/channelStateExtra.js";
import { computeChannelId } from "../utils/computeChannelId.js";
import { type AuthorizerAccount, signClaimBatch } from "../utils/signClaimBatch.js";
import { toContractClaims } from "../utils/toContractConfig.js";
import { verifyVoucherSignature } from "../utils/verifyVoucherSignature.js";
import { estimateEscrowCall } from "./estimateEscrowCall.js";
import { readChannelState } from "./readChannelState.js";

export type PreparedStep =
  | { ok: true; call: EvmSettlementCall }
  | { ok: false; reason: BatchSettlementEvmReasonCode; message: string };

export type CheckClaimRowsParameters = {
  claims: readonly VoucherClaim[];
  context: NetworkContext;
  /** The claim authorizer's signature the server sent, if any. */
  signature: string | undefined;
  /** The facilitator's own receiver authorizer, which signs for servers that delegate to it. */
  authorizer: AuthorizerAccount | undefined;
};

export type CheckClaimRowsReturnType =
  | {
      ok: true;
      /** `claimWithSignature` calldata. */
      data: Hex;
      /** The channels' states before the claim. */
      states: Map<Hex, OnchainChannelState>;
      /** Whether any row raises its channel's claimed total. */
      advances: boolean;
    }
  | { ok: false; reason: BatchSettlementEvmReasonCode; message: string };

/**
 * Checks claim rows as the escrow will (scheme_batch_settlement_evm.md, "Claim & Settlement Strategy"): one receiver
 * authorizer for all, each voucher signed by its payer's authorizer, each claim within its voucher and its channel's
 * balance; obtains the authorizer's signature (the server's, or the facilitator's when delegated to it) and encodes
 * `claimWithSignature`.
 */
export async function checkClaimRows(
  parameters: CheckClaimRowsParameters,
): Promise<CheckClaimRowsReturnType> {
  const { claims, context, authorizer } = parameters;
  const refuse = (reason: BatchSettlementEvmReasonCode, message: string) =>
    ({ ok: false, reason, message }) as const;
  const receiverAuthorizer = claims[0]!.voucher.channel.receiverAuthorizer;
  const channelIds: Hex[] = [];
  for (const claim of claims) {
    const { channel, maxClaimableAmount } = claim.voucher;
    if (channel.receiverAuthorizer.toLowerCase() !== receiverAuthorizer.toLowerCase())
      return refuse(
        "invalid_batch_settlement_evm_claim_payload",
        "Every claim row must name the same receiver authorizer.",
      );
    if (BigInt(claim.totalClaimed) > BigInt(maxClaimableAmount))
      return refuse(
        "invalid_batch_settlement_evm_claim_payload",
        "A claim row claims more than its voucher.",
      );
    const channelId = computeChannelId({ config: channel, chainId: context.chainId });
    const signed = await verifyVoucherSignature({
      config: channel,
      channelId,
      maxClaimableAmount: BigInt(maxClaimableAmount),
      signature: claim.signature as Hex,
      chainId: context.chainId,
      client: context.client,
    });
    if (!signed)
      return refuse(
        "invalid_batch_settlement_evm_voucher_signature",
        `The voucher of channel ${channelId} is not validly signed.`,
      );
    channelIds.push(channelId);
  }

  let signature = parameters.signature as Hex | undefined;
  if (!signature) {
    if (!authorizer || !isAddressEqual(authorizer.address, receiverAuthorizer as Hex))
      return refuse(
        "invalid_batch_settlement_evm_authorizer_address_mismatch",
        "The claim carries no authorizer signature, and this facilitator is not the channels' receiver authorizer.",
      );
    signature = await signClaimBatch({ account: authorizer, claims, chainId: context.chainId });
  }

  const unique = [...new Set(channelIds)];
  let read: OnchainChannelState[];
  try {
    read = await Promise.all(
      unique.map((channelId) => readChannelState({ client: context.client, channelId })),
    );
  } catch (error) {
    return refuse(
      "invalid_batch_settlement_evm_rpc_read_failed",
      `Cannot read the channels: ${String(error).split("\n")[0]}`,
    );
  }
  const states = new Map(unique.map((channelId, i) => [channelId, read[i]!]));
  let advances = false;
  for (const [i, claim] of claims.entries()) {
    const state = states.get(channelIds[i]!)!;
    const total = BigInt(claim.totalClaimed);
    if (total > state.balance)
      return refuse(
        "invalid_batch_settlement_evm_cumulative_exceeds_balance",
        `Channel ${channelIds[i]} holds ${state.balance}, less than the ${total} claimed.`,
      );
    if (total > state.totalClaimed) advances = true;
  }
  const data = encodeFunctionData({
    abi: batchSettlementAbi,
    functionName: "claimWithSignature",
    args: [toContractClaims(claims), signature],
  });
  return { ok: true, data, states, advances };
}

/**
 * A claim (`type: "claim"`): checked rows, refused when no row raises its channel's claimed total (a repeated or
 * superseded claim would move nothing and only burn gas), then simulated.
 */
export async function prepareClaim(parameters: CheckClaimRowsParameters): Promise<PreparedStep> {
  const checked = await checkClaimRows(parameters);
  if (!checked.ok) return checked;
  if (!checked.advances)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_claim_payload",
      message: "Nothing to claim: every row is at or below its channel's claimed total (a repeated claim).",
    };
  const { context } = parameters;
  const simulated = await estimateEscrowCall({
    client: context.client,
    from: context.signer.address,
    to: batchSettlementAddress,
    data: checked.data,
  });
  if (!simulated.ok)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_claim_simulation_failed",
      message: simulated.message,
    };
  return { ok: true, call: { context, to: batchSettlementAddress, data: checked.data, gas: simulated.gas } };
}
