import type { SchemePaymentParameters } from "@x402kit/core";
import {
  describeSchemaIssue,
  type EvmSettlementCall,
  type FacilitatorSettings,
  findNetworkContext,
  type NetworkContext,
} from "@x402kit/evm";
import type { BatchSettlementEvmReasonCode, VerifyResponse } from "@x402kit/types";
import { type Address, encodeFunctionData, erc20Abi, type Hex } from "viem";
import { readContract } from "viem/actions";
import { batchSettlementAbi } from "../abis.js";
import {
  batchSettlementAddress,
  batchSettlementScheme,
  erc3009DepositCollectorAddress,
} from "../constants.js";
import { type ClientPayload, clientPayloadSchema, type DepositPayload } from "../schemas.js";
import { channelStateExtra, type OnchainChannelState } from "../utils/channelStateExtra.js";
import { checkChannelTerms } from "../utils/checkChannelTerms.js";
import { encodeErc3009CollectorData } from "../utils/encodeErc3009CollectorData.js";
import { toContractConfig } from "../utils/toContractConfig.js";
import { verifyVoucherSignature } from "../utils/verifyVoucherSignature.js";
import { estimateEscrowCall } from "./estimateEscrowCall.js";
import { readChannelState } from "./readChannelState.js";

export type VerifyChannelPaymentParameters = {
  payment: SchemePaymentParameters;
  contexts: ReadonlyMap<string, NetworkContext>;
  settings: FacilitatorSettings;
};

/** A verified deposit, voucher or refund: its payload, network, channel and on-chain state; a deposit's transaction. */
export type VerifiedChannelPayment =
  | {
      response: VerifyResponse & { isValid: true };
      payload: ClientPayload;
      context: NetworkContext;
      channelId: Hex;
      state: OnchainChannelState;
      /** The deposit transaction (deposit payloads only). */
      call: EvmSettlementCall | undefined;
    }
  | { response: VerifyResponse & { isValid: false }; payload?: undefined };

const payloadReasons: Record<string, BatchSettlementEvmReasonCode> = {
  deposit: "invalid_batch_settlement_evm_deposit_payload",
  voucher: "invalid_batch_settlement_evm_voucher_payload",
  refund: "invalid_batch_settlement_evm_refund_payload",
};

/**
 * The facilitator's verification of what a client sends (scheme_batch_settlement_evm.md, "Verification Rules"):
 * rules 1–5 and the voucher signature (6) without RPC, then one parallel read of the channel (and, for a deposit, the
 * payer's balance) for rules 7–10, and for a deposit a simulation of the deposit transaction, which runs the token's
 * own EIP-3009 checks (signature, nonce, time window). Answers with the channel snapshot in `extra`. Never throws.
 */
export async function verifyChannelPayment(
  parameters: VerifyChannelPaymentParameters,
): Promise<VerifiedChannelPayment> {
  const { payment, contexts, settings } = parameters;
  const invalid = (
    reason: BatchSettlementEvmReasonCode | "invalid_payload",
    message: string,
    payer?: string,
  ) =>
    ({
      response: {
        isValid: false,
        invalidReason: reason,
        invalidMessage: message,
        ...(payer ? { payer } : {}),
      },
    }) as const;

  const found = findNetworkContext({ payment, scheme: batchSettlementScheme, contexts });
  if (!found.ok)
    return invalid(
      found.reason === "invalid_scheme"
        ? "invalid_batch_settlement_evm_scheme"
        : "invalid_batch_settlement_evm_network_mismatch",
      found.message,
    );
  const { context } = found;
  const raw = payment.payload.payload as { type?: unknown };
  const parsed = clientPayloadSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = typeof raw?.type === "string" ? payloadReasons[raw.type] : undefined;
    return invalid(
      reason ?? "invalid_batch_settlement_evm_payload_type",
      reason
        ? `Malformed ${String(raw.type)} payload: ${describeSchemaIssue(parsed.error.issues)}`
        : "The payload's type must be deposit, voucher or refund.",
    );
  }
  const payload = parsed.data;
  const { requirements } = payment;
  const payer = payload.channelConfig.payer;

  const terms = checkChannelTerms({
    config: payload.channelConfig,
    channelId: payload.voucher.channelId,
    requirements,
    chainId: context.chainId,
  });
  if (!terms.ok) return invalid(terms.reason, terms.message, payer);
  const { channelId } = terms;
  const maxClaimable = BigInt(payload.voucher.maxClaimableAmount);

  let deposit: { amount: bigint; data: Hex } | undefined;
  if (payload.type === "deposit") {
    const checked = checkDepositAuthorization(payload, requirements.extra, settings);
    if (!checked.ok) return invalid(checked.reason, checked.message, payer);
    deposit = { amount: BigInt(payload.deposit.amount), data: checked.data };
  }
  if (payload.type === "refund" && payload.amount !== undefined && BigInt(payload.amount) === 0n)
    return invalid(
      "invalid_batch_settlement_evm_refund_amount_invalid",
      "A refund amount must be positive.",
      payer,
    );

  const signed = await verifyVoucherSignature({
    config: payload.channelConfig,
    channelId,
    maxClaimableAmount: maxClaimable,
    signature: payload.voucher.signature as Hex,
    chainId: context.chainId,
    client: context.client,
  });
  if (!signed)
    return invalid(
      "invalid_batch_settlement_evm_voucher_signature",
      "The voucher is not signed by the channel's payer authorizer (or, with none, the payer).",
      payer,
    );

  let state: OnchainChannelState;
  let payerBalance: bigint | undefined;
  try {
    [state, payerBalance] = await Promise.all([
      readChannelState({ client: context.client, channelId }),
      deposit
        ? readContract(context.client, {
            address: payload.channelConfig.token as Address,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [payer as Address],
          })
        : undefined,
    ]);
  } catch (error) {
    return invalid(
      "invalid_batch_settlement_evm_rpc_read_failed",
      `Cannot read the channel: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      payer,
    );
  }

  // Rules 7–10: the channel exists (or this deposit funds it), the voucher is covered, and it is above what was claimed.
  const available = state.balance + (deposit?.amount ?? 0n);
  if (deposit && payerBalance !== undefined && payerBalance < deposit.amount)
    return invalid(
      "invalid_batch_settlement_evm_insufficient_balance",
      "The payer cannot fund this deposit.",
      payer,
    );
  if (available === 0n)
    return invalid(
      "invalid_batch_settlement_evm_channel_not_found",
      "No channel with a positive balance has this id.",
      payer,
    );
  if (maxClaimable > available)
    return invalid(
      "invalid_batch_settlement_evm_cumulative_exceeds_balance",
      `The voucher (${maxClaimable}) exceeds the channel's balance (${available}).`,
      payer,
    );
  const belowClaimed =
    payload.type === "refund" ? maxClaimable < state.totalClaimed : maxClaimable <= state.totalClaimed;
  if (belowClaimed)
    return invalid(
      "invalid_batch_settlement_evm_cumulative_below_claimed",
      `The voucher (${maxClaimable}) does not exceed what was already claimed (${state.totalClaimed}).`,
      payer,
    );

  let call: EvmSettlementCall | undefined;
  if (deposit) {
    const data = encodeFunctionData({
      abi: batchSettlementAbi,
      functionName: "deposit",
      args: [
        toContractConfig(payload.channelConfig),
        deposit.amount,
        erc3009DepositCollectorAddress,
        deposit.data,
      ],
    });
    const simulated = await estimateEscrowCall({
      client: context.client,
      from: context.signer.address,
      to: batchSettlementAddress,
      data,
    });
    if (!simulated.ok)
      return invalid(
        "invalid_batch_settlement_evm_deposit_simulation_failed",
        `The deposit would fail: ${simulated.message}`,
        payer,
      );
    call = { context, to: batchSettlementAddress, data, gas: simulated.gas };
  }

  return {
    response: { isValid: true, payer, extra: channelStateExtra(channelId, state) },
    payload,
    context,
    channelId,
    state,
    call,
  };
}

type CheckedDeposit =
  | { ok: true; data: Hex }
  | { ok: false; reason: BatchSettlementEvmReasonCode; message: string };

/** The deposit's EIP-3009 authorization: present, its time window open, the token's EIP-712 domain known. */
function checkDepositAuthorization(
  payload: DepositPayload,
  extra: Record<string, unknown> | undefined,
  settings: FacilitatorSettings,
): CheckedDeposit {
  const authorization = payload.deposit.authorization.erc3009Authorization;
  if (!authorization)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_erc3009_authorization_required",
      message: "The deposit carries no erc3009Authorization (Permit2 deposits are not served).",
    };
  if (typeof extra?.name !== "string" || typeof extra.version !== "string")
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_missing_eip712_domain",
      message: "The requirements lack the token's EIP-712 name and version.",
    };
  if (BigInt(payload.deposit.amount) === 0n)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_deposit_payload",
      message: "A deposit must be positive.",
    };
  const now = BigInt(settings.now());
  if (BigInt(authorization.validAfter) >= now)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_payload_authorization_valid_after",
      message: "The deposit authorization is not valid yet.",
    };
  if (BigInt(authorization.validBefore) <= now + BigInt(settings.validityMarginSeconds))
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_payload_authorization_valid_before",
      message: "The deposit authorization expires too soon.",
    };
  return { ok: true, data: encodeErc3009CollectorData(authorization) };
}
