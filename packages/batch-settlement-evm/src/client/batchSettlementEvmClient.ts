import type {
  CreatePaymentPayloadParameters,
  CreatePaymentPayloadReturnType,
  PaymentAnswerParameters,
  PaymentAnswerReturnType,
  SchemeClient,
} from "@x402kit/core";
import { type EvmClient, signEip2612GasSponsoring } from "@x402kit/evm";
import { type Extensions, evmChainId, type PaymentRequirements } from "@x402kit/types";
import { type Address, getAddress, type Hex, type LocalAccount, zeroHash } from "viem";
import { readContract } from "viem/actions";
import { batchSettlementAbi } from "../abis.js";
import { batchSettlementAddress, batchSettlementScheme } from "../constants.js";
import { BatchSettlementEvmError } from "../errors/BatchSettlementEvmError.js";
import {
  type BatchSettlementExtra,
  batchSettlementExtraSchema,
  type ChannelConfig,
  type ClientPayload,
  channelStateSchema,
  type DepositPayload,
  voucherStateSchema,
} from "../schemas.js";
import { computeChannelId } from "../utils/computeChannelId.js";
import { verifyEoaSignature } from "../utils/verifyEoaSignature.js";
import { voucherDigest } from "../utils/voucherDigest.js";
import { signErc3009Deposit } from "./signErc3009Deposit.js";
import { signPermit2Deposit } from "./signPermit2Deposit.js";
import { signVoucher, type VoucherSigner } from "./signVoucher.js";

/** What the client remembers of a channel: the server's charged total and the channel's balance as it knows it. */
export type ClientChannel = {
  chargedCumulativeAmount: string;
  balance: string;
  /** Set when the server misbehaved (charged more than the price): no further voucher is signed for this channel. */
  suspended?: string | undefined;
};

/** Where a client keeps its channels, by channel id (lower-case). Default: in memory. */
export type ClientChannelStorage = {
  get(channelId: string): Promise<ClientChannel | undefined> | ClientChannel | undefined;
  set(channelId: string, channel: ClientChannel): Promise<void> | void;
  delete(channelId: string): Promise<void> | void;
};

export type BatchSettlementEvmClientParameters = {
  /** The payer: signs deposits (and vouchers, unless `voucherSigner` is given). */
  account: Pick<LocalAccount, "address" | "signTypedData"> & Partial<Pick<LocalAccount, "sign">>;
  /**
   * Signs the vouchers, committed as the channel's `payerAuthorizer` (an EOA, so that servers check vouchers
   * without RPC). Default: `account`.
   */
  voucherSigner?: VoucherSigner | undefined;
  /**
   * A client of each chain, to recover a channel from the escrow after losing its record (`channels(id)`) and to
   * check a corrective 402 against the chain. Without one, a client that lost its record starts from the server's
   * word (a corrective 402 with the client's own signed voucher) or a new deposit.
   */
  publicClients?: Record<string, EvmClient> | undefined;
  /** Default: in memory. */
  storage?: ClientChannelStorage | undefined;
  /** Distinguishes channels with the same parties and terms. Default: 32 zero bytes (the reference's default). */
  salt?: Hex | undefined;
  /** A deposit covers this many requests at the requirements' price, unless the 402 suggests `minDeposit`. Default 5. */
  depositMultiplier?: number | undefined;
  /** The most that one deposit may be, in atomic units (no limit by default). */
  maxDeposit?: bigint | undefined;
};

export type BatchSettlementEvmClientReturnType = SchemeClient &
  Required<Pick<SchemeClient, "onPaymentAnswer">> & {
    /** The channel that requirements would pay into, and what this client remembers of it. */
    channel(
      requirements: PaymentRequirements,
    ): Promise<{ channelId: Hex; config: ChannelConfig; state: ClientChannel | undefined }>;
    /** Builds a cooperative-refund payload for a channel (used by `refundChannel`). */
    createRefundPayload(requirements: PaymentRequirements, amount?: bigint): Promise<ClientPayload>;
  };

export type BatchSettlementEvmClientErrorType = BatchSettlementEvmError;

/** A payment in flight on a channel: what its answer updates. */
type Pending = {
  release: () => void;
  depositAmount: bigint | undefined;
  type: ClientPayload["type"];
  refundAmount: bigint | undefined;
};

const correctiveReasons = new Set([
  "invalid_batch_settlement_evm_cumulative_amount_mismatch",
  "invalid_batch_settlement_evm_cumulative_below_claimed",
]);

/**
 * The client side of `batch-settlement` on EVM (scheme_batch_settlement_evm.md, "Client: Payment Construction"). The
 * first request to a server deposits (an EIP-3009 authorization to its collector, or a Permit2 one when the 402 says
 * `assetTransferMethod: "permit2"`, with the first voucher); later
 * ones send only a voucher for the charged total plus the price; a request that would exceed the balance tops it up.
 * One request at a time per channel: a second waits for the first's answer, whose `PAYMENT-RESPONSE` advances the
 * charged total (`chargedAmount`, at most the price; otherwise the channel is suspended). A corrective 402 is checked
 * (the server's last voucher must be this client's own signature, the charged total not below what was claimed on
 * chain) and adopted, and the request is paid again.
 */
export function batchSettlementEvmClient(
  parameters: BatchSettlementEvmClientParameters,
): BatchSettlementEvmClientReturnType {
  const { account } = parameters;
  const voucherSigner: VoucherSigner = parameters.voucherSigner ?? (account as VoucherSigner);
  const salt = parameters.salt ?? zeroHash;
  const multiplier = BigInt(parameters.depositMultiplier ?? 5);
  if (multiplier < 1n)
    throw new BatchSettlementEvmError("invalid_config", "depositMultiplier must be at least 1.");
  const memory = new Map<string, ClientChannel>();
  const storage: ClientChannelStorage = parameters.storage ?? {
    get: (id) => memory.get(id),
    set: (id, channel) => void memory.set(id, channel),
    delete: (id) => void memory.delete(id),
  };
  // One payment in flight per channel; the next waits for its answer.
  const locks = new Map<string, Promise<void>>();
  const pending = new Map<string, Pending>();

  async function lock(channelId: string, timeoutMs: number): Promise<() => void> {
    for (;;) {
      const held = locks.get(channelId);
      if (!held) break;
      await held;
    }
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    // A payment whose answer never comes (a caller that does not report it) frees the channel after its timeout.
    const timer = setTimeout(() => free(), timeoutMs);
    timer.unref?.();
    const free = () => {
      clearTimeout(timer);
      if (locks.get(channelId) === done) locks.delete(channelId);
      release();
    };
    locks.set(channelId, done);
    return free;
  }

  // The terms of the requirements paid recently: parsed and hashed once, not on every request.
  const terms = new Map<string, ReturnType<typeof readTerms>>();
  function termsOf(requirements: PaymentRequirements) {
    const key = JSON.stringify([
      requirements.network,
      requirements.payTo,
      requirements.asset,
      requirements.extra,
    ]);
    let known = terms.get(key);
    if (!known) {
      known = readTerms(requirements);
      if (terms.size >= 1_000) terms.delete(terms.keys().next().value!);
      terms.set(key, known);
    }
    return known;
  }

  function readTerms(requirements: PaymentRequirements) {
    const chainId = evmChainId(requirements.network);
    const extra = batchSettlementExtraSchema.safeParse(requirements.extra);
    if (chainId === undefined || !extra.success)
      throw new BatchSettlementEvmError(
        "invalid_payment_requirements",
        "batch-settlement requirements need an EVM network and extra.receiverAuthorizer, withdrawDelay, name and version.",
      );
    const config: ChannelConfig = {
      payer: getAddress(account.address),
      payerAuthorizer: getAddress(voucherSigner.address),
      receiver: getAddress(requirements.payTo),
      receiverAuthorizer: getAddress(extra.data.receiverAuthorizer),
      token: getAddress(requirements.asset),
      withdrawDelay: extra.data.withdrawDelay,
      salt,
    };
    return { chainId, extra: extra.data, config, channelId: computeChannelId({ config, chainId }) };
  }

  /** The channel's on-chain balance and claimed total, when this client has a chain client for the network. */
  async function readChain(
    network: string,
    channelId: Hex,
  ): Promise<{ balance: bigint; totalClaimed: bigint } | undefined> {
    const client = parameters.publicClients?.[network];
    if (!client) return undefined;
    const [balance, totalClaimed] = await readContract(client, {
      address: batchSettlementAddress,
      abi: batchSettlementAbi,
      functionName: "channels",
      args: [channelId],
    });
    return { balance, totalClaimed };
  }

  /** What this client knows of a channel; after a lost record, what the chain says (scheme: Client cold start). */
  async function known(network: string, channelId: Hex): Promise<ClientChannel> {
    const stored = await storage.get(channelId);
    if (stored) return stored;
    const chain = await readChain(network, channelId);
    const recovered = {
      chargedCumulativeAmount: (chain?.totalClaimed ?? 0n).toString(),
      balance: (chain?.balance ?? 0n).toString(),
    };
    if (chain) await storage.set(channelId, recovered);
    return recovered;
  }

  function depositFor(extra: BatchSettlementExtra, price: bigint, needed: bigint): bigint {
    const suggested =
      typeof extra.minDeposit === "string" && /^\d+$/.test(extra.minDeposit)
        ? BigInt(extra.minDeposit)
        : undefined;
    const target = suggested !== undefined && suggested >= price ? suggested : price * multiplier;
    const amount = target > needed ? target : needed;
    const max = parameters.maxDeposit;
    if (max === undefined) return amount;
    if (needed > max)
      throw new BatchSettlementEvmError(
        "invalid_config",
        `This request needs a deposit of ${needed}, above maxDeposit ${max}.`,
      );
    if (amount > max) return max; // bigint: Math.min does not apply
    return amount;
  }

  async function createPaymentPayload({
    requirements,
    extensions: offered,
  }: CreatePaymentPayloadParameters): Promise<CreatePaymentPayloadReturnType> {
    const { chainId, extra, config, channelId } = termsOf(requirements);
    const release = await lock(channelId, Math.max(5, requirements.maxTimeoutSeconds) * 1000 + 30_000);
    try {
      const channel = await known(requirements.network, channelId);
      if (channel.suspended)
        throw new BatchSettlementEvmError(
          "channel_operation_failed",
          `This channel is suspended: ${channel.suspended}`,
        );
      const price = BigInt(requirements.amount);
      const maxClaimableAmount = BigInt(channel.chargedCumulativeAmount) + price;
      const balance = BigInt(channel.balance);
      const voucher = {
        channelId,
        maxClaimableAmount: maxClaimableAmount.toString(),
        signature: await signVoucher({ account: voucherSigner, channelId, maxClaimableAmount, chainId }),
      };
      let payload: ClientPayload;
      let depositAmount: bigint | undefined;
      let extensions: Extensions | undefined;
      if (maxClaimableAmount > balance) {
        depositAmount = depositFor(extra, price, maxClaimableAmount - balance);
        const token = config.token as Address;
        const validBefore = BigInt(Math.floor(Date.now() / 1000) + requirements.maxTimeoutSeconds);
        let authorization: DepositPayload["deposit"]["authorization"];
        if (extra.assetTransferMethod === "permit2") {
          // Permit2 (any ERC-20): the payer approved Permit2 once, or sends an EIP-2612 permit for it when the
          // 402 offers eip2612GasSponsoring and the allowance is short.
          const permit2 = await signPermit2Deposit({
            account,
            token,
            chainId,
            channelId,
            amount: depositAmount,
            deadline: validBefore,
          });
          authorization = { permit2Authorization: permit2 };
          extensions = await signEip2612GasSponsoring({
            account,
            client: parameters.publicClients?.[requirements.network],
            offered,
            chainId,
            token,
            domain: { name: extra.name, version: extra.version },
            amount: depositAmount,
            deadline: validBefore,
          });
        } else {
          const erc3009 = await signErc3009Deposit({
            account,
            token: { address: token, name: extra.name, version: extra.version },
            chainId,
            channelId,
            amount: depositAmount,
            validBefore,
          });
          authorization = { erc3009Authorization: erc3009 };
        }
        payload = {
          type: "deposit",
          channelConfig: config,
          voucher,
          deposit: { amount: depositAmount.toString(), authorization },
        };
      } else {
        payload = { type: "voucher", channelConfig: config, voucher };
      }
      pending.set(channelId, { release, depositAmount, type: payload.type, refundAmount: undefined });
      return extensions ? { payload, extensions } : { payload };
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Adopts a corrective 402's channel state (scheme_batch_settlement_evm.md, "Recovery After State Loss"): with the
   * server's last voucher, only when it is this client's own signature and covers the charged total, and the
   * charged total is not below what the chain says was claimed; without it, the chain's claimed total.
   */
  async function resynchronise(
    requirements: PaymentRequirements,
    channelId: Hex,
    accepts: readonly PaymentRequirements[],
  ): Promise<boolean> {
    const offer = accepts.find(
      (candidate) =>
        candidate.scheme === batchSettlementScheme &&
        candidate.network === requirements.network &&
        candidate.payTo.toLowerCase() === requirements.payTo.toLowerCase() &&
        candidate.asset.toLowerCase() === requirements.asset.toLowerCase(),
    );
    const extra = (offer?.extra ?? {}) as Record<string, unknown>;
    const state = channelStateSchema.safeParse(extra.channelState);
    const voucher = voucherStateSchema.safeParse(extra.voucherState);
    const chain = await readChain(requirements.network, channelId).catch(() => undefined);
    if (
      state.success &&
      voucher.success &&
      state.data.channelId.toLowerCase() === channelId &&
      state.data.chargedCumulativeAmount
    ) {
      const charged = BigInt(state.data.chargedCumulativeAmount);
      const signed = BigInt(voucher.data.signedMaxClaimable);
      const chainId = evmChainId(requirements.network)!;
      const ours = verifyEoaSignature({
        digest: voucherDigest({ channelId, maxClaimableAmount: signed, chainId }),
        signature: voucher.data.signature as Hex,
        signer: voucherSigner.address,
      });
      if (!ours || charged > signed || (chain && charged < chain.totalClaimed)) return false;
      await storage.set(channelId, {
        chargedCumulativeAmount: charged.toString(),
        balance: (chain?.balance ?? BigInt(state.data.balance)).toString(),
      });
      return true;
    }
    if (!chain) return false;
    await storage.set(channelId, {
      chargedCumulativeAmount: chain.totalClaimed.toString(),
      balance: chain.balance.toString(),
    });
    return true;
  }

  async function onPaymentAnswer({
    requirements,
    payload,
    answer,
  }: PaymentAnswerParameters): Promise<PaymentAnswerReturnType> {
    // This scheme made `payload` (createPaymentPayload): trusted, not parsed again (one parse less per request).
    const sent = payload as ClientPayload;
    if (typeof sent?.voucher?.channelId !== "string") return undefined;
    const channelId = sent.voucher.channelId.toLowerCase() as Hex;
    const inFlight = pending.get(channelId);
    pending.delete(channelId);
    try {
      if (!answer) {
        // No answer: the server may or may not have charged. Forget the record; the next request recovers it.
        await storage.delete(channelId);
        return undefined;
      }
      const { settlement } = answer;
      if (settlement?.success) {
        const previous = await storage.get(channelId);
        if (sent.type === "refund") {
          const refunded = BigInt(settlement.amount || "0");
          if (
            !previous ||
            sent.amount === undefined ||
            refunded >= BigInt(previous.balance) - BigInt(previous.chargedCumulativeAmount)
          )
            await storage.delete(channelId);
          else
            await storage.set(channelId, {
              ...previous,
              balance: (BigInt(previous.balance) - refunded).toString(),
            });
          return undefined;
        }
        const extra = (settlement as { extra?: { chargedAmount?: unknown; channelState?: unknown } }).extra;
        const reported =
          typeof extra?.chargedAmount === "string" && /^\d+$/.test(extra.chargedAmount)
            ? BigInt(extra.chargedAmount)
            : BigInt(requirements.amount);
        const base = previous ?? { chargedCumulativeAmount: "0", balance: "0" };
        if (reported > BigInt(requirements.amount)) {
          // scheme_batch_settlement_evm.md, Client Verification Rules: never sign again for a server that overcharges.
          await storage.set(channelId, {
            ...base,
            suspended: `charged ${reported}, above the price ${requirements.amount}`,
          });
          return undefined;
        }
        const charged = BigInt(base.chargedCumulativeAmount) + reported;
        const state = channelStateSchema.safeParse(extra?.channelState);
        if (
          state.success &&
          state.data.chargedCumulativeAmount !== undefined &&
          BigInt(state.data.chargedCumulativeAmount) !== charged
        ) {
          // The server's total disagrees with ours: forget ours; its corrective 402 or the chain will settle it.
          await storage.delete(channelId);
          return undefined;
        }
        const deposited =
          inFlight?.depositAmount ?? (sent.type === "deposit" ? BigInt(sent.deposit.amount) : 0n);
        await storage.set(channelId, {
          chargedCumulativeAmount: charged.toString(),
          balance: (BigInt(base.balance) + deposited).toString(),
        });
        return undefined;
      }
      const reason = answer.paymentRequired?.error;
      if (answer.status === 402 && reason && answer.paymentRequired) {
        if (correctiveReasons.has(reason))
          return { retry: await resynchronise(requirements, channelId, answer.paymentRequired.accepts) };
        // The channel holds less than this client thought (a withdrawal, a refund elsewhere): read it again.
        if (
          reason === "invalid_batch_settlement_evm_cumulative_exceeds_balance" ||
          reason === "invalid_batch_settlement_evm_channel_not_found"
        ) {
          await storage.delete(channelId);
          return { retry: parameters.publicClients?.[requirements.network] !== undefined };
        }
        if (reason === "invalid_batch_settlement_evm_channel_busy") return { retry: true };
      }
      return undefined;
    } finally {
      inFlight?.release();
    }
  }

  return {
    scheme: batchSettlementScheme,
    networks: ["eip155:*"],
    // A voucher builds on the channel's charged total; a server that disagrees answers a corrective 402.
    reusesRequirements: true,
    createPaymentPayload,
    onPaymentAnswer: (parameters) => onPaymentAnswer(parameters).catch(() => undefined),
    async channel(requirements) {
      const { config, channelId } = termsOf(requirements);
      return { channelId, config, state: await storage.get(channelId) };
    },
    async createRefundPayload(requirements, amount) {
      const { chainId, config, channelId } = termsOf(requirements);
      const release = await lock(channelId, Math.max(5, requirements.maxTimeoutSeconds) * 1000 + 30_000);
      try {
        const channel = await known(requirements.network, channelId);
        const charged = BigInt(channel.chargedCumulativeAmount);
        const payload: ClientPayload = {
          type: "refund",
          channelConfig: config,
          voucher: {
            channelId,
            maxClaimableAmount: charged.toString(),
            signature: await signVoucher({
              account: voucherSigner,
              channelId,
              maxClaimableAmount: charged,
              chainId,
            }),
          },
          ...(amount === undefined ? {} : { amount: amount.toString() }),
        };
        pending.set(channelId, { release, depositAmount: undefined, type: "refund", refundAmount: amount });
        return payload;
      } catch (error) {
        release();
        throw error;
      }
    },
  };
}
