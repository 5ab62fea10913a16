import type {
  BuildRequirementsParameters,
  ChannelStore,
  FacilitatorLike,
  SchemeServer,
  SchemeVerifyPaymentReturnType,
} from "@x402kit/core";
import { type ExactEvmAsset, exactEvmServer } from "@x402kit/evm";
import {
  type BatchSettlementEvmReasonCode,
  evmAddressSchema,
  evmChainId,
  type PaymentPayload,
  type PaymentRequirements,
  type SettleResponse,
  type VerifyResponse,
} from "@x402kit/types";
import { type Address, getAddress, type Hex } from "viem";
import { batchSettlementScheme, maxWithdrawDelay, minWithdrawDelay, zeroAddress } from "../constants.js";
import { BatchSettlementEvmError } from "../errors/BatchSettlementEvmError.js";
import { type ClientPayload, channelStateSchema, clientPayloadSchema } from "../schemas.js";
import { checkChannelTerms } from "../utils/checkChannelTerms.js";
import { type AuthorizerAccount, signClaimBatch } from "../utils/signClaimBatch.js";
import { signRefund } from "../utils/signRefund.js";
import { verifyEoaSignature } from "../utils/verifyEoaSignature.js";
import { voucherDigest } from "../utils/voucherDigest.js";
import {
  recordFromServerChannel,
  type ServerChannel,
  type ServerChannelState,
  serverChannelFromRecord,
  serverChannelStateExtra,
} from "./serverChannel.js";

export type BatchSettlementEvmServerParameters = {
  /** Where the channel records live: any `ChannelStore` (core's memory store, SQLite, PostgreSQL). */
  store: ChannelStore;
  /**
   * Who authorizes claims and refunds (`ChannelConfig.receiverAuthorizer`): an account of the server's own, which
   * signs them (recommended), or the facilitator's announced authorizer (`{ facilitator }`, read from its `GET
   * /supported`), which then signs claims for this server.
   */
  receiverAuthorizer: AuthorizerAccount | { facilitator: Pick<FacilitatorLike, "supported"> };
  /** The token to price in, by network (any EIP-3009 token); networks left out use Circle's USDC where known. */
  assets?: Record<string, ExactEvmAsset> | undefined;
  /** Seconds a payer waits for a timed withdrawal (15 minutes to 30 days). Default 900. */
  withdrawDelay?: number | undefined;
  /**
   * How long the channel's mirrored chain state is trusted for checking a voucher locally, without asking the
   * facilitator. Default 60 000 ms, well below the shortest withdraw delay.
   */
  onchainStateTtlMs?: number | undefined;
  /** The clock, Unix ms. */
  now?: (() => number) | undefined;
};

export type BatchSettlementEvmServerReturnType = SchemeServer &
  Required<Pick<SchemeServer, "verifyPayment" | "settlePayment" | "cancelPayment">> & {
    readonly store: ChannelStore;
    /** The server's own authorizer account, if it has one (the channel manager signs claims with it). */
    readonly authorizer: AuthorizerAccount | undefined;
  };

export type BatchSettlementEvmServerErrorType = BatchSettlementEvmError;

/** A request in flight on a channel: what verify read and decided, for settle. */
type Reservation = {
  channelId: Hex;
  network: string;
  chainId: number;
  payload: ClientPayload;
  /** The record read at verify (undefined: the server has none). */
  channel: ServerChannel | undefined;
  /** The charged total this request builds on. */
  charged: bigint;
  /** Chain state to mirror: the record's when checked locally, else the facilitator's answer. */
  onchain: { balance: string; totalClaimed: string; withdrawRequestedAt: number; refundNonce: string };
  syncedAt: number;
  expiresAt: number;
};

/**
 * The resource-server side of `batch-settlement` on EVM (scheme_batch_settlement_evm.md, "Server: State &
 * Forwarding"). It prices routes like exact and adds the channel terms (`receiverAuthorizer`, `withdrawDelay`). For
 * each paid request it holds the channel (one request at a time: `channel_busy`), checks that the voucher is the
 * charged total plus the price (else a corrective 402 with the channel's state and last voucher), and checks the
 * voucher itself, locally when its mirror of the chain is fresh and the payer authorizer is an EOA, else through
 * the facilitator. After the handler it commits the charge to the channel store (compare-and-set) without any
 * transaction; a deposit first goes through the facilitator; a refund skips the handler.
 */
export function batchSettlementEvmServer(
  parameters: BatchSettlementEvmServerParameters,
): BatchSettlementEvmServerReturnType {
  const { store } = parameters;
  const withdrawDelay = parameters.withdrawDelay ?? minWithdrawDelay;
  if (
    !Number.isInteger(withdrawDelay) ||
    withdrawDelay < minWithdrawDelay ||
    withdrawDelay > maxWithdrawDelay
  )
    throw new BatchSettlementEvmError(
      "invalid_config",
      `withdrawDelay must be an integer between ${minWithdrawDelay} and ${maxWithdrawDelay} seconds.`,
    );
  if (typeof store?.putChannel !== "function")
    throw new BatchSettlementEvmError(
      "invalid_config",
      "`store` must be a ChannelStore (e.g. createMemoryStore()).",
    );
  const ttl = parameters.onchainStateTtlMs ?? 60_000;
  const now = parameters.now ?? Date.now;
  const pricing = exactEvmServer({ assets: parameters.assets });
  const own = "signTypedData" in parameters.receiverAuthorizer ? parameters.receiverAuthorizer : undefined;
  const delegate = own
    ? undefined
    : (parameters.receiverAuthorizer as { facilitator: Pick<FacilitatorLike, "supported"> }).facilitator;
  const reservations = new Map<string, Reservation>();

  async function authorizerFor(network: string): Promise<Address> {
    if (own) return getAddress(own.address);
    const supported = await delegate!.supported();
    const kind = supported.kinds.find(
      (k) =>
        k.scheme === batchSettlementScheme &&
        k.network === network &&
        evmAddressSchema.safeParse(k.extra?.receiverAuthorizer).success,
    );
    if (!kind)
      throw new BatchSettlementEvmError(
        "invalid_config",
        `The facilitator announces no batch-settlement receiverAuthorizer for ${network}.`,
        { details: { network } },
      );
    return getAddress(kind.extra!.receiverAuthorizer as string);
  }

  /** The request's hold on its channel: refused while another request holds it (one in flight per channel). */
  function reserve(reservation: Reservation): boolean {
    const held = reservations.get(reservation.channelId);
    if (held && held.expiresAt > now()) return false;
    reservations.set(reservation.channelId, reservation);
    return true;
  }
  function release(payload: PaymentPayload) {
    const channelId = channelIdOf(payload);
    if (channelId) reservations.delete(channelId);
  }
  function reservationOf(payload: PaymentPayload): Reservation | undefined {
    const channelId = channelIdOf(payload);
    const held = channelId ? reservations.get(channelId) : undefined;
    // The reservation is this payment's only if it holds this very voucher.
    return held && held.payload.voucher.signature === (payload.payload as ClientPayload).voucher?.signature
      ? held
      : undefined;
  }

  async function verifyPayment({
    payload,
    requirements,
    facilitator,
  }: Parameters<
    BatchSettlementEvmServerReturnType["verifyPayment"]
  >[0]): Promise<SchemeVerifyPaymentReturnType> {
    const refuse = (
      reason: BatchSettlementEvmReasonCode | "invalid_payload",
      message: string,
      payer?: string,
    ) => ({
      verification: {
        isValid: false,
        invalidReason: reason,
        invalidMessage: message,
        ...(payer ? { payer } : {}),
      },
    });
    const chainId = evmChainId(requirements.network);
    if (chainId === undefined)
      return refuse("invalid_batch_settlement_evm_network_mismatch", "Not an EVM network.");
    const parsed = clientPayloadSchema.safeParse(payload.payload);
    if (!parsed.success)
      return refuse("invalid_batch_settlement_evm_payload_type", "Not a deposit, voucher or refund payload.");
    const client = parsed.data;
    const payer = client.channelConfig.payer;
    const terms = checkChannelTerms({
      config: client.channelConfig,
      channelId: client.voucher.channelId,
      requirements,
      chainId,
    });
    if (!terms.ok) return refuse(terms.reason, terms.message, payer);
    const { channelId } = terms;
    let channel: ServerChannel | undefined;
    try {
      channel = serverChannelFromRecord(await store.getChannel(channelId));
    } catch (error) {
      return refuse("invalid_payload", `The channel store failed: ${String(error)}`, payer);
    }

    // The voucher must build on what this server charged (scheme_batch_settlement_evm.md, "Request Processing" 1).
    // Without a record (a new channel, or lost state) the voucher says what it builds on; the facilitator then
    // checks it against the chain (above what was claimed, within the balance).
    const paid = client.type !== "refund";
    const price = BigInt(requirements.amount);
    const signed = BigInt(client.voucher.maxClaimableAmount);
    const charged = channel
      ? BigInt(channel.state.chargedCumulativeAmount)
      : paid
        ? signed >= price
          ? signed - price
          : 0n
        : signed;
    if (signed !== (paid ? charged + price : charged)) {
      return {
        ...refuse(
          "invalid_batch_settlement_evm_cumulative_amount_mismatch",
          `The voucher must be ${paid ? charged + price : charged}: what this channel was charged${paid ? " plus the price" : ""}.`,
          payer,
        ),
        ...(channel ? { accepts: [corrective(requirements, channel)] } : {}),
      };
    }

    const at = now();
    const reservation: Reservation = {
      channelId,
      network: requirements.network,
      chainId,
      payload: client,
      channel,
      charged,
      onchain: channel
        ? {
            balance: channel.state.balance,
            totalClaimed: channel.state.totalClaimed,
            withdrawRequestedAt: channel.state.withdrawRequestedAt,
            refundNonce: channel.state.refundNonce,
          }
        : { balance: "0", totalClaimed: "0", withdrawRequestedAt: 0, refundNonce: "0" },
      syncedAt: channel?.state.onchainSyncedAt ?? 0,
      expiresAt: at + Math.min(600, Math.max(5, requirements.maxTimeoutSeconds)) * 1000,
    };
    if (!reserve(reservation))
      return refuse(
        "invalid_batch_settlement_evm_channel_busy",
        "Another request on this channel is in flight; retry shortly.",
        payer,
      );

    // A voucher over a channel whose mirrored state is fresh, committed to an EOA authorizer: one signature check.
    if (
      client.type === "voucher" &&
      channel &&
      at - channel.state.onchainSyncedAt <= ttl &&
      client.channelConfig.payerAuthorizer.toLowerCase() !== zeroAddress
    ) {
      const local = verifyLocally(client, channel, chainId, channelId);
      if (!local.isValid) release(payload);
      return { verification: local };
    }
    let verification: VerifyResponse;
    try {
      verification = await facilitator.verify({
        x402Version: 2,
        paymentPayload: payload,
        paymentRequirements: requirements,
      });
    } catch (error) {
      release(payload);
      throw error;
    }
    if (!verification.isValid) {
      release(payload);
      return { verification };
    }
    const snapshot = channelStateSchema.safeParse((verification as { extra?: unknown }).extra);
    if (snapshot.success) {
      const { balance, totalClaimed, withdrawRequestedAt, refundNonce } = snapshot.data;
      reservation.onchain = { balance, totalClaimed, withdrawRequestedAt, refundNonce };
      reservation.syncedAt = at;
    }
    return { verification, withoutHandler: client.type === "refund" };
  }

  function verifyLocally(
    client: ClientPayload,
    channel: ServerChannel,
    chainId: number,
    channelId: Hex,
  ): VerifyResponse {
    const payer = client.channelConfig.payer;
    const refuse = (reason: BatchSettlementEvmReasonCode, message: string): VerifyResponse => ({
      isValid: false,
      invalidReason: reason,
      invalidMessage: message,
      payer,
    });
    const amount = BigInt(client.voucher.maxClaimableAmount);
    const digest = voucherDigest({ channelId, maxClaimableAmount: amount, chainId });
    if (
      !verifyEoaSignature({
        digest,
        signature: client.voucher.signature as Hex,
        signer: client.channelConfig.payerAuthorizer as Address,
      })
    )
      return refuse(
        "invalid_batch_settlement_evm_voucher_signature",
        "The voucher is not signed by the payer authorizer.",
      );
    if (amount > BigInt(channel.state.balance))
      return refuse(
        "invalid_batch_settlement_evm_cumulative_exceeds_balance",
        "The voucher exceeds the channel's balance.",
      );
    if (amount <= BigInt(channel.state.totalClaimed))
      return refuse(
        "invalid_batch_settlement_evm_cumulative_below_claimed",
        "The voucher does not exceed what was claimed.",
      );
    const { chargedCumulativeAmount: _, ...snapshot } = serverChannelStateExtra(channelId, channel.state);
    return { isValid: true, payer, extra: snapshot };
  }

  /** Commits `state` over the record read at verify; false when another writer came first. */
  async function commit(reservation: Reservation, state: ServerChannelState): Promise<boolean> {
    const written = await store.putChannel(
      recordFromServerChannel(reservation.channelId, reservation.network, state),
      reservation.channel?.version ?? 0,
    );
    return written !== undefined;
  }

  async function settlePayment({
    payload,
    requirements,
    settlementAmount,
    facilitator,
  }: Parameters<BatchSettlementEvmServerReturnType["settlePayment"]>[0]): Promise<SettleResponse> {
    const reservation = reservationOf(payload);
    const network = requirements.network;
    const failure = (reason: string, message: string, transaction = ""): SettleResponse => ({
      success: false,
      errorReason: reason,
      errorMessage: message,
      transaction,
      network,
    });
    if (!reservation)
      return failure("invalid_batch_settlement_evm_missing_channel", "This payment holds no channel.");
    try {
      const client = reservation.payload;
      const payer = client.channelConfig.payer;
      if (client.type === "refund")
        return await settleRefund(reservation, client, payload, requirements, facilitator);

      // scheme_batch_settlement_evm.md, Request Processing 3: charged += actual price, at most the signed ceiling.
      const price = BigInt(requirements.amount);
      const charge = settlementAmount ?? price;
      if (charge > price)
        return failure(
          "invalid_batch_settlement_evm_charge_exceeds_signed_cumulative",
          `A request costs at most ${price}.`,
        );
      const charged = reservation.charged + charge;
      const signed = BigInt(client.voucher.maxClaimableAmount);
      if (charged > signed)
        return failure(
          "invalid_batch_settlement_evm_charge_exceeds_signed_cumulative",
          `Charging ${charged} exceeds the voucher.`,
        );

      let deposit: SettleResponse | undefined;
      let onchain = reservation.onchain;
      let syncedAt = reservation.syncedAt;
      if (client.type === "deposit") {
        deposit = await facilitator.settle({
          x402Version: 2,
          paymentPayload: payload,
          paymentRequirements: requirements,
        });
        if (!deposit.success) return deposit;
        const state = channelStateSchema.safeParse(
          (deposit as { extra?: { channelState?: unknown } }).extra?.channelState,
        );
        onchain = state.success
          ? {
              balance: state.data.balance,
              totalClaimed: state.data.totalClaimed,
              withdrawRequestedAt: state.data.withdrawRequestedAt,
              refundNonce: state.data.refundNonce,
            }
          : { ...onchain, balance: (BigInt(onchain.balance) + BigInt(client.deposit.amount)).toString() };
        syncedAt = now();
      }
      const state: ServerChannelState = {
        channelConfig: client.channelConfig,
        chargedCumulativeAmount: charged.toString(),
        signedMaxClaimable: client.voucher.maxClaimableAmount,
        signature: client.voucher.signature,
        ...onchain,
        onchainSyncedAt: syncedAt,
        lastRequestAt: now(),
      };
      if (!(await commit(reservation, state)))
        return failure(
          "invalid_batch_settlement_evm_channel_busy",
          "Another request changed this channel first; nothing was charged.",
          deposit?.transaction ?? "",
        );
      const extra = {
        chargedAmount: charge.toString(),
        channelState: serverChannelStateExtra(reservation.channelId, state),
      };
      // Voucher: nothing moved on-chain (transaction and amount empty); deposit: the deposit's transaction and amount.
      return deposit
        ? { ...deposit, extra }
        : { success: true, transaction: "", network, payer, amount: "", extra };
    } finally {
      release(payload);
    }
  }

  /**
   * A cooperative refund (scheme_batch_settlement_evm.md, "Cooperative refund flow"): the server completes the
   * payload (the amount, a full refund when omitted; the refund nonce; its outstanding claim, so that what it earned
   * is claimed in the same transaction; its authorizer's signatures), the facilitator submits it, and the record is
   * deleted after a full refund or updated after a partial one.
   */
  async function settleRefund(
    reservation: Reservation,
    client: Extract<ClientPayload, { type: "refund" }>,
    payload: PaymentPayload,
    requirements: PaymentRequirements,
    facilitator: FacilitatorLike,
  ): Promise<SettleResponse> {
    const network = requirements.network;
    const { charged, onchain } = reservation;
    const remainder = BigInt(onchain.balance) - charged;
    if (remainder <= 0n)
      return {
        success: false,
        errorReason: "invalid_batch_settlement_evm_refund_no_balance",
        errorMessage: "Nothing unclaimed is left to refund.",
        transaction: "",
        network,
      };
    const amount = client.amount === undefined ? remainder : BigInt(client.amount);
    const claims =
      charged > BigInt(onchain.totalClaimed)
        ? [
            {
              voucher: {
                channel: client.channelConfig,
                maxClaimableAmount: client.voucher.maxClaimableAmount,
              },
              signature: client.voucher.signature,
              totalClaimed: charged.toString(),
            },
          ]
        : [];
    const enriched = {
      ...client,
      amount: amount.toString(),
      refundNonce: onchain.refundNonce,
      claims,
      ...(own
        ? {
            refundAuthorizerSignature: await signRefund({
              account: own,
              channelId: reservation.channelId,
              nonce: BigInt(onchain.refundNonce),
              amount,
              chainId: reservation.chainId,
            }),
            ...(claims.length > 0
              ? {
                  claimAuthorizerSignature: await signClaimBatch({
                    account: own,
                    claims,
                    chainId: reservation.chainId,
                  }),
                }
              : {}),
          }
        : {}),
    };
    const settled = await facilitator.settle({
      x402Version: 2,
      paymentPayload: { ...payload, payload: enriched },
      paymentRequirements: requirements,
    });
    if (!settled.success) return settled;
    const after = channelStateSchema.safeParse(
      (settled as { extra?: { channelState?: unknown } }).extra?.channelState,
    );
    const balance = after.success
      ? BigInt(after.data.balance)
      : BigInt(onchain.balance) - BigInt(settled.amount || "0");
    const channelState = {
      ...(after.success
        ? after.data
        : {
            channelId: reservation.channelId,
            balance: balance.toString(),
            totalClaimed: charged.toString(),
            withdrawRequestedAt: 0,
            refundNonce: (BigInt(onchain.refundNonce) + 1n).toString(),
          }),
      chargedCumulativeAmount: charged.toString(),
    };
    if (balance <= charged) {
      // Full refund: nothing of the payer's is left; forget the channel (a later deposit starts from the chain).
      if (reservation.channel) await store.deleteChannel(reservation.channelId, reservation.channel.version);
    } else if (reservation.channel) {
      await commit(reservation, {
        ...reservation.channel.state,
        balance: channelState.balance,
        totalClaimed: channelState.totalClaimed,
        withdrawRequestedAt: channelState.withdrawRequestedAt,
        refundNonce: channelState.refundNonce,
        onchainSyncedAt: now(),
      });
    }
    return { ...settled, extra: { channelState } };
  }

  return {
    scheme: batchSettlementScheme,
    networks: ["eip155:*"],
    store,
    authorizer: own,

    async buildRequirements(input: BuildRequirementsParameters): Promise<PaymentRequirements> {
      const priced = pricing.buildRequirements(input);
      return {
        ...priced,
        scheme: batchSettlementScheme,
        extra: {
          receiverAuthorizer: await authorizerFor(input.network),
          withdrawDelay,
          ...priced.extra,
          ...input.extra,
        },
      };
    },

    verifyPayment: (parameters) =>
      verifyPayment(parameters).catch((error: unknown) => {
        release(parameters.payload);
        throw error;
      }),
    settlePayment,
    cancelPayment({ payload }) {
      if (reservationOf(payload)) release(payload);
    },
  };
}

function channelIdOf(payload: PaymentPayload): Hex | undefined {
  const id = (payload.payload as { voucher?: { channelId?: unknown } }).voucher?.channelId;
  return typeof id === "string" ? (id.toLowerCase() as Hex) : undefined;
}

/**
 * The corrective 402's requirement (scheme_batch_settlement_evm.md, "Corrective 402"): the route's, with the
 * server's channel state and the last voucher the payer signed, so that the client can check its own signature,
 * adopt the charged total and pay again.
 */
function corrective(requirements: PaymentRequirements, channel: ServerChannel): PaymentRequirements {
  return {
    ...requirements,
    extra: {
      ...requirements.extra,
      channelState: serverChannelStateExtra(channel.id, channel.state),
      voucherState: {
        signedMaxClaimable: channel.state.signedMaxClaimable,
        signature: channel.state.signature,
      },
    },
  };
}
