import { type ChannelStore, type FacilitatorLike, isReplayedSettlement } from "@x402kit/core";
import type { EvmClient } from "@x402kit/evm";
import type { PaymentRequirements, SettleResponse } from "@x402kit/types";
import type { Hex } from "viem";
import { batchSettlementScheme } from "../constants.js";
import { BatchSettlementEvmError } from "../errors/BatchSettlementEvmError.js";
import { readChannelState } from "../facilitator/readChannelState.js";
import type { VoucherClaim } from "../schemas.js";
import { type AuthorizerAccount, signClaimBatch } from "../utils/signClaimBatch.js";
import { signRefund } from "../utils/signRefund.js";
import {
  recordFromServerChannel,
  type ServerChannel,
  type ServerChannelState,
  serverChannelFromRecord,
} from "./serverChannel.js";

export type CreateChannelManagerParameters = {
  /** The store the server scheme writes its channels to (`batchSettlementEvmServer(...).store`). */
  store: ChannelStore;
  facilitator: FacilitatorLike;
  network: string;
  /** The server's receiver (`payTo`) and token: the channels this manager claims and sweeps. */
  payTo: string;
  asset: string;
  /** The server's own receiver authorizer; leave out when the facilitator's authorizer signs for this server. */
  authorizer?: AuthorizerAccount | undefined;
  /**
   * A client of the chain, to re-read channels after a refused claim (a claim that went through before a crash is
   * refused as nothing to claim). Without one, the facilitator's refusal is taken at its word.
   */
  publicClient?: EvmClient | undefined;
};

export type ClaimParameters = {
  /** Rows per claim transaction (default 100). */
  maxClaimsPerBatch?: number | undefined;
  /** Only channels idle for at least this long (ms); channels with a pending withdrawal are always claimed. */
  idleMs?: number | undefined;
};

export type ClaimReturnType = { channels: number; transactions: string[] };

export type StartParameters = {
  /** How often to claim (ms). Default 60 000. */
  claimEveryMs?: number | undefined;
  /** Sweep claimed funds to the receiver after each claim that claimed something. Default true. */
  settle?: boolean | undefined;
  onError?: ((error: unknown) => void) | undefined;
} & ClaimParameters;

export type ChannelManager = {
  /** The channels whose charged total is above their claimed total: what a claim would present. */
  claimable(parameters?: ClaimParameters): Promise<ServerChannel[]>;
  /** Claims every claimable channel, in batches of `maxClaimsPerBatch` rows, one transaction each. */
  claim(parameters?: ClaimParameters): Promise<ClaimReturnType>;
  /** Sweeps what was claimed and not settled to the receiver; undefined when there was nothing. */
  settle(): Promise<SettleResponse | undefined>;
  /** Claims, then sweeps. */
  claimAndSettle(
    parameters?: ClaimParameters,
  ): Promise<{ claim: ClaimReturnType; settle: SettleResponse | undefined }>;
  /** Returns a channel's unclaimed balance to its payer (after claiming what it owes), server-initiated. */
  refund(channelId: Hex): Promise<SettleResponse>;
  /** Claims (and sweeps) on a timer. */
  start(parameters?: StartParameters): void;
  /** Stops the timer; with `flush`, claims and sweeps once more first. */
  stop(options?: { flush?: boolean | undefined }): Promise<void>;
};

/**
 * The server's claims and sweeps (scheme_batch_settlement_evm.md, "Claim & Settlement Strategy"): it reads the
 * channels from the store, sends their latest vouchers to the facilitator as claim batches (signed by the server's
 * receiver authorizer, or by the facilitator's when delegated), records the claimed totals, and sweeps the claimed
 * funds to the receiver in one transfer. A claim refused because it was already made (after a crash between the
 * claim and its receipt, or a repeated request) still records the totals: the chain has them.
 */
export function createChannelManager(parameters: CreateChannelManagerParameters): ChannelManager {
  const { store, facilitator, network, authorizer } = parameters;
  const payTo = parameters.payTo.toLowerCase();
  const asset = parameters.asset.toLowerCase();
  const chainId = Number(network.split(":")[1]);
  const requirements: PaymentRequirements = {
    scheme: batchSettlementScheme,
    network,
    amount: "0",
    asset: parameters.asset,
    payTo: parameters.payTo,
    maxTimeoutSeconds: 0,
    extra: {},
  };
  const submit = (payload: Record<string, unknown>) =>
    facilitator.settle({
      x402Version: 2,
      paymentPayload: { x402Version: 2, accepted: requirements, payload },
      paymentRequirements: requirements,
    });

  async function channels(): Promise<ServerChannel[]> {
    const found: ServerChannel[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await store.listChannels({
        scheme: batchSettlementScheme,
        network,
        payTo,
        asset,
        afterId,
        limit: 1_000,
      });
      for (const record of page) {
        const channel = serverChannelFromRecord(record);
        if (channel) found.push(channel);
      }
      if (page.length < 1_000) return found;
      afterId = page.at(-1)!.id;
    }
  }

  async function claimable({ idleMs }: ClaimParameters = {}): Promise<ServerChannel[]> {
    const now = Date.now();
    const owed = (await channels()).filter(
      ({ state }) => BigInt(state.chargedCumulativeAmount) > BigInt(state.totalClaimed),
    );
    if (idleMs === undefined) return owed;
    const due = await Promise.all(
      owed.map(async ({ id, state }) => {
        if (state.withdrawRequestedAt !== 0 || now - state.lastRequestAt >= idleMs) return true;
        // A payer may start a timed withdrawal on the chain without another request: the server must claim within
        // the grace period ("Claim & Settlement Strategy"), so a busy channel is checked on the chain.
        if (!parameters.publicClient) return false;
        const onchain = await readChannelState({ client: parameters.publicClient, channelId: id });
        return onchain.withdrawRequestedAt !== 0;
      }),
    );
    return owed.filter((_, i) => due[i]);
  }

  /** Raises the records' claimed totals (never lowers them), compare-and-set, re-reading on a conflict. */
  async function recordClaimed(updates: { id: Hex; totalClaimed: bigint; balance?: bigint }[]) {
    for (const update of updates) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const channel = serverChannelFromRecord(await store.getChannel(update.id));
        if (!channel || BigInt(channel.state.totalClaimed) >= update.totalClaimed) break;
        const state: ServerChannelState = {
          ...channel.state,
          totalClaimed: update.totalClaimed.toString(),
          ...(update.balance !== undefined ? { balance: update.balance.toString() } : {}),
        };
        if (await store.putChannel(recordFromServerChannel(channel.id, network, state), channel.version))
          break;
      }
    }
  }

  const rowOf = ({ state }: ServerChannel): VoucherClaim => ({
    voucher: { channel: state.channelConfig, maxClaimableAmount: state.signedMaxClaimable },
    signature: state.signature,
    totalClaimed: state.chargedCumulativeAmount,
  });

  async function claim(claimParameters: ClaimParameters = {}): Promise<ClaimReturnType> {
    const size = claimParameters.maxClaimsPerBatch ?? 100;
    const targets = await claimable(claimParameters);
    const transactions: string[] = [];
    for (let start = 0; start < targets.length; start += size) {
      const batch = targets.slice(start, start + size);
      const claims = batch.map(rowOf);
      const response = await submit({
        type: "claim",
        claims,
        ...(authorizer
          ? { claimAuthorizerSignature: await signClaimBatch({ account: authorizer, claims, chainId }) }
          : {}),
      });
      if (response.success) {
        transactions.push(response.transaction);
        await recordClaimed(
          batch.map(({ id, state }) => ({ id, totalClaimed: BigInt(state.chargedCumulativeAmount) })),
        );
        continue;
      }
      // Already claimed (a repeat, or a claim that went through before a crash): the chain has the totals.
      if (parameters.publicClient) {
        const onchain = await Promise.all(
          batch.map(async ({ id }) => ({
            id,
            ...(await readChannelState({ client: parameters.publicClient!, channelId: id })),
          })),
        );
        await recordClaimed(onchain);
        if (
          onchain.every((state, i) => state.totalClaimed >= BigInt(batch[i]!.state.chargedCumulativeAmount))
        )
          continue;
      } else if (isReplayedSettlement(response) || /^Nothing to claim/.test(response.errorMessage ?? "")) {
        await recordClaimed(
          batch.map(({ id, state }) => ({ id, totalClaimed: BigInt(state.chargedCumulativeAmount) })),
        );
        continue;
      }
      throw new BatchSettlementEvmError(
        "channel_operation_failed",
        `The claim was refused: ${response.errorReason}.`,
        {
          details: { reason: response.errorReason ?? "", message: response.errorMessage ?? "" },
        },
      );
    }
    return { channels: targets.length, transactions };
  }

  async function settle(): Promise<SettleResponse | undefined> {
    const response = await submit({ type: "settle", receiver: parameters.payTo, token: parameters.asset });
    if (response.success) return response;
    if (response.errorReason === "invalid_batch_settlement_evm_nothing_to_settle") return undefined;
    throw new BatchSettlementEvmError(
      "channel_operation_failed",
      `The sweep was refused: ${response.errorReason}.`,
    );
  }

  async function refund(channelId: Hex): Promise<SettleResponse> {
    const channel = serverChannelFromRecord(await store.getChannel(channelId.toLowerCase()));
    if (!channel) throw new BatchSettlementEvmError("channel_operation_failed", `No channel ${channelId}.`);
    const { state } = channel;
    const charged = BigInt(state.chargedCumulativeAmount);
    const amount = BigInt(state.balance) - charged;
    if (amount <= 0n)
      throw new BatchSettlementEvmError("channel_operation_failed", "Nothing unclaimed is left to refund.");
    const claims = charged > BigInt(state.totalClaimed) ? [rowOf(channel)] : [];
    const response = await submit({
      type: "refund",
      channelConfig: state.channelConfig,
      voucher: {
        channelId: channel.id,
        maxClaimableAmount: state.signedMaxClaimable,
        signature: state.signature,
      },
      amount: amount.toString(),
      refundNonce: state.refundNonce,
      claims,
      ...(authorizer
        ? {
            refundAuthorizerSignature: await signRefund({
              account: authorizer,
              channelId: channel.id,
              nonce: BigInt(state.refundNonce),
              amount,
              chainId,
            }),
            ...(claims.length > 0
              ? { claimAuthorizerSignature: await signClaimBatch({ account: authorizer, claims, chainId }) }
              : {}),
          }
        : {}),
    });
    if (!response.success)
      throw new BatchSettlementEvmError(
        "channel_operation_failed",
        `The refund was refused: ${response.errorReason}.`,
      );
    await store.deleteChannel(channel.id, channel.version);
    return response;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let options: StartParameters = {};
  const round = async () => {
    const claimed = await claim(options);
    if ((options.settle ?? true) && claimed.transactions.length > 0) await settle();
  };

  return {
    claimable,
    claim,
    settle,
    async claimAndSettle(claimParameters) {
      const claimed = await claim(claimParameters);
      return { claim: claimed, settle: await settle() };
    },
    refund,
    start(startParameters = {}) {
      if (timer) return;
      options = startParameters;
      timer = setInterval(() => {
        running = running.then(round).catch((error: unknown) => options.onError?.(error));
      }, startParameters.claimEveryMs ?? 60_000);
      timer.unref?.();
    },
    async stop({ flush = false } = {}) {
      clearInterval(timer);
      timer = undefined;
      await running;
      if (flush) await round();
    },
  };
}
