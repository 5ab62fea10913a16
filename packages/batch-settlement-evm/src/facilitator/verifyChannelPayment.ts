import type { SchemePaymentParameters } from "@x402kit/core";
import {
  describeSchemaIssue,
  type EvmSettlementCall,
  type FacilitatorSettings,
  findNetworkContext,
  isSignedBy,
  type NetworkContext,
  parseEip2612GasSponsoring,
  permit2WitnessTypedData,
  readPermit2State,
} from "@x402kit/evm";
import type { BatchSettlementEvmReasonCode, PaymentPayload, VerifyResponse } from "@x402kit/types";
import {
  type Address,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  hashTypedData,
  isAddressEqual,
} from "viem";
import { readContract } from "viem/actions";
import { batchSettlementAbi } from "../abis.js";
import {
  batchSettlementAddress,
  batchSettlementScheme,
  depositWitnessName,
  depositWitnessType,
  erc3009DepositCollectorAddress,
  permit2DepositCollectorAddress,
} from "../constants.js";
import {
  type ClientPayload,
  clientPayloadSchema,
  type DepositPayload,
  type Permit2DepositAuthorization,
} from "../schemas.js";
import { channelStateExtra, type OnchainChannelState } from "../utils/channelStateExtra.js";
import { checkChannelTerms } from "../utils/checkChannelTerms.js";
import { encodeErc3009CollectorData } from "../utils/encodeErc3009CollectorData.js";
import { encodePermit2CollectorData } from "../utils/encodePermit2CollectorData.js";
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
 * payer's balance; for a Permit2 deposit also its allowance, nonce and, for a contract wallet, EIP-1271) for rules
 * 7–10, and for a deposit a simulation of the deposit transaction through its collector, which runs the token's own
 * EIP-3009 checks or Permit2's. Answers with the channel snapshot in `extra`. Never throws.
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

  let deposit: (CheckedDeposit & { ok: true }) | undefined;
  if (payload.type === "deposit") {
    const checked = checkDepositAuthorization({
      payload,
      extra: requirements.extra,
      paymentPayload: payment.payload,
      channelId,
      chainId: context.chainId,
      settings,
    });
    if (!checked.ok) return invalid(checked.reason, checked.message, payer);
    deposit = checked;
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
  let permit2State: Awaited<ReturnType<typeof readPermit2State>> | undefined;
  try {
    const permit2 = deposit?.permit2;
    [state, payerBalance, permit2State] = await Promise.all([
      readChannelState({ client: context.client, channelId }),
      deposit && !permit2
        ? readContract(context.client, {
            address: payload.channelConfig.token as Address,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [payer as Address],
          })
        : undefined,
      permit2 ? readPermit2Deposit(context, permit2.authorization) : undefined,
    ]);
  } catch (error) {
    return invalid(
      "invalid_batch_settlement_evm_rpc_read_failed",
      `Cannot read the channel: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      payer,
    );
  }

  // A Permit2 deposit: signed by the payer (or accepted by its wallet, EIP-1271), its nonce unused, Permit2 allowed
  // to move it (or an EIP-2612 permit that allows it comes along). The token's own checks run in the simulation.
  if (deposit?.permit2 && permit2State) {
    const { wallet, nonceUsed, allowance, balance } = permit2State;
    const { nonce } = deposit.permit2.authorization;
    if (wallet && !(wallet.deployed && wallet.validSignature))
      return invalid(
        "invalid_batch_settlement_evm_permit2_invalid_signature",
        wallet.deployed
          ? "The payer's contract wallet did not accept the Permit2 signature (EIP-1271)."
          : "The Permit2 signature does not recover to the payer.",
        payer,
      );
    if (nonceUsed === undefined || allowance === undefined)
      return invalid(
        "invalid_batch_settlement_evm_rpc_read_failed",
        "Permit2 or the token did not answer.",
        payer,
      );
    if (nonceUsed)
      return invalid(
        "invalid_batch_settlement_evm_deposit_simulation_failed",
        `The Permit2 nonce ${nonce} of the payer was already used or invalidated: the deposit cannot go through.`,
        payer,
      );
    if (allowance < deposit.amount && !deposit.permit2.withPermit)
      return invalid(
        "invalid_batch_settlement_evm_permit2_allowance_required",
        `The payer allows Permit2 ${allowance}, the deposit needs ${deposit.amount}: approve Permit2 on the token once.`,
        payer,
      );
    payerBalance = balance;
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
      args: [toContractConfig(payload.channelConfig), deposit.amount, deposit.collector, deposit.data],
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
  | {
      ok: true;
      amount: bigint;
      /** The collector that pulls the deposit, and its `collectorData`. */
      collector: Address;
      data: Hex;
      /** A Permit2 deposit: what the reads check (signature by a contract wallet, nonce, allowance). */
      permit2?: { authorization: Permit2DepositReadParameters; withPermit: boolean } | undefined;
    }
  | { ok: false; reason: BatchSettlementEvmReasonCode; message: string };

type CheckDepositAuthorizationParameters = {
  payload: DepositPayload;
  extra: Record<string, unknown> | undefined;
  /** The whole PaymentPayload, for its `eip2612GasSponsoring` extension. */
  paymentPayload: PaymentPayload;
  channelId: Hex;
  chainId: number;
  settings: FacilitatorSettings;
};

/**
 * The deposit's authorization, without RPC: the one the requirements ask for (`extra.assetTransferMethod`; without
 * it, the one the payload carries), and its own terms.
 */
function checkDepositAuthorization(parameters: CheckDepositAuthorizationParameters): CheckedDeposit {
  const { payload, extra, settings } = parameters;
  const { erc3009Authorization, permit2Authorization } = payload.deposit.authorization;
  const amount = BigInt(payload.deposit.amount);
  if (amount === 0n)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_deposit_payload",
      message: "A deposit must be positive.",
    };
  const method = extra?.assetTransferMethod ?? (permit2Authorization ? "permit2" : "eip3009");
  if (erc3009Authorization && permit2Authorization)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_deposit_payload",
      message: "A deposit carries one authorization: erc3009Authorization or permit2Authorization, not both.",
    };
  if (method === "permit2") {
    if (!permit2Authorization)
      return {
        ok: false,
        reason: "invalid_batch_settlement_evm_permit2_authorization_required",
        message:
          "The requirements ask for a Permit2 deposit (assetTransferMethod permit2): send permit2Authorization.",
      };
    return checkPermit2Deposit({ ...parameters, authorization: permit2Authorization, amount });
  }
  if (!erc3009Authorization)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_erc3009_authorization_required",
      message: "The requirements ask for an EIP-3009 deposit: send erc3009Authorization.",
    };
  if (typeof extra?.name !== "string" || typeof extra.version !== "string")
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_missing_eip712_domain",
      message: "The requirements lack the token's EIP-712 name and version.",
    };
  const now = BigInt(settings.now());
  if (BigInt(erc3009Authorization.validAfter) >= now)
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_payload_authorization_valid_after",
      message: "The deposit authorization is not valid yet.",
    };
  if (BigInt(erc3009Authorization.validBefore) <= now + BigInt(settings.validityMarginSeconds))
    return {
      ok: false,
      reason: "invalid_batch_settlement_evm_payload_authorization_valid_before",
      message: "The deposit authorization expires too soon.",
    };
  return {
    ok: true,
    amount,
    collector: erc3009DepositCollectorAddress,
    data: encodeErc3009CollectorData(erc3009Authorization),
  };
}

type Permit2DepositReadParameters = {
  payer: Address;
  token: Address;
  nonce: bigint;
  hash: Hex;
  signature: Hex;
};

/**
 * A Permit2 deposit's terms (scheme_batch_settlement_evm.md, deposits by `permit2`): from the payer, for the Permit2
 * collector, of the asset, exactly the deposit, witnessing this channel, its deadline beyond now plus the margin;
 * an `eip2612GasSponsoring` permit, if any, that covers it. The EIP-712 hash is computed here; whether the payer
 * signed it is checked off-chain for an EOA, and by the reads (EIP-1271) otherwise.
 */
function checkPermit2Deposit(
  parameters: CheckDepositAuthorizationParameters & {
    authorization: Permit2DepositAuthorization;
    amount: bigint;
  },
): CheckedDeposit {
  const { payload, paymentPayload, channelId, chainId, settings, authorization, amount } = parameters;
  const payer = getAddress(payload.channelConfig.payer);
  const token = getAddress(payload.channelConfig.token);
  const refuse = (reason: BatchSettlementEvmReasonCode, message: string): CheckedDeposit => ({
    ok: false,
    reason,
    message,
  });
  if (!isAddressEqual(getAddress(authorization.from), payer))
    return refuse(
      "invalid_batch_settlement_evm_permit2_invalid_signature",
      `The Permit2 authorization is from ${authorization.from}, not the channel's payer ${payer}.`,
    );
  if (!isAddressEqual(getAddress(authorization.spender), permit2DepositCollectorAddress))
    return refuse(
      "invalid_batch_settlement_evm_permit2_invalid_spender",
      `The Permit2 spender is ${authorization.spender}, not the deposit collector ${permit2DepositCollectorAddress}.`,
    );
  if (!isAddressEqual(getAddress(authorization.permitted.token), token))
    return refuse(
      "invalid_batch_settlement_evm_token_mismatch",
      `The Permit2 authorization moves ${authorization.permitted.token}, not the channel's token ${token}.`,
    );
  if (BigInt(authorization.permitted.amount) !== amount)
    return refuse(
      "invalid_batch_settlement_evm_permit2_amount_mismatch",
      `The Permit2 authorization moves ${authorization.permitted.amount}, the deposit is ${amount}.`,
    );
  if (authorization.witness.channelId.toLowerCase() !== channelId.toLowerCase())
    return refuse(
      "invalid_batch_settlement_evm_channel_id_mismatch",
      `The Permit2 witness names channel ${authorization.witness.channelId}, not ${channelId}.`,
    );
  const now = BigInt(settings.now());
  const deadline = BigInt(authorization.deadline);
  if (deadline <= now + BigInt(settings.validityMarginSeconds))
    return refuse(
      "invalid_batch_settlement_evm_permit2_deadline_expired",
      `The Permit2 authorization expired or expires too soon (deadline ${deadline}, now ${now}).`,
    );
  const sponsoring = parseEip2612GasSponsoring({
    payload: paymentPayload,
    payer,
    token,
    permitted: amount,
    notBefore: now + BigInt(settings.validityMarginSeconds),
  });
  if (!sponsoring.ok)
    return refuse("invalid_batch_settlement_evm_eip2612_invalid_format", sponsoring.message);
  const nonce = BigInt(authorization.nonce);
  const hash = hashTypedData(
    permit2WitnessTypedData({
      chainId,
      authorization: {
        permitted: { token, amount },
        spender: permit2DepositCollectorAddress,
        nonce,
        deadline,
        witness: { channelId: authorization.witness.channelId },
      },
      witnessType: depositWitnessType,
      witnessName: depositWitnessName,
    }),
  );
  return {
    ok: true,
    amount,
    collector: permit2DepositCollectorAddress,
    data: encodePermit2CollectorData(authorization, sponsoring.permit2612),
    permit2: {
      authorization: { payer, token, nonce, hash, signature: authorization.signature as Hex },
      withPermit: sponsoring.permit2612 !== undefined,
    },
  };
}

/**
 * One round of reads for a Permit2 deposit (@x402kit/evm's `readPermit2State`): the Permit2 allowance, the payer's
 * balance, the nonce, and, when the signature is not the payer's own EOA signature, EIP-1271 on the payer.
 */
async function readPermit2Deposit(context: NetworkContext, read: Permit2DepositReadParameters) {
  const eoa = await isSignedBy({ hash: read.hash, signature: read.signature, signer: read.payer });
  return readPermit2State({
    context,
    token: read.token,
    owner: read.payer,
    nonce: read.nonce,
    smartWallet: eoa ? undefined : { hash: read.hash, signature: read.signature },
  });
}
