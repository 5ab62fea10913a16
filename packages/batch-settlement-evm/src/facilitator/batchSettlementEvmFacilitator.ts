import type { SchemeFacilitator, SettleContext } from "@x402kit/core";
import {
  type EvmFacilitatorOptions,
  type ExactEvmError,
  type FacilitatorSettings,
  findNetworkContext,
  type NetworkContext,
  type NonceManager,
  readPermit2NonceUsed,
  resolveFacilitatorOptions,
  resolveSettlementBroadcast,
  settleEvmPayment,
  type VerifiedEvmPayment,
} from "@x402kit/evm";
import type {
  BatchSettlementEvmReasonCode,
  SettleResponse,
  SupportedKind,
  VerifyResponse,
} from "@x402kit/types";
import { type Address, type Hex, isAddressEqual, parseEventLogs } from "viem";
import { getTransactionReceipt, readContract } from "viem/actions";
import { batchSettlementAbi } from "../abis.js";
import { batchSettlementAddress, batchSettlementScheme } from "../constants.js";
import { type SettleablePayload, settleablePayloadSchema } from "../schemas.js";
import { channelStateExtra } from "../utils/channelStateExtra.js";
import { computeChannelId } from "../utils/computeChannelId.js";
import { erc3009DepositNonce } from "../utils/erc3009DepositNonce.js";
import type { AuthorizerAccount } from "../utils/signClaimBatch.js";
import { batchSettlementSettlementKey } from "./batchSettlementSettlementKey.js";
import { type PreparedStep, prepareClaim } from "./prepareClaim.js";
import { prepareRefund } from "./prepareRefund.js";
import { prepareSweep } from "./prepareSweep.js";
import { readChannelState } from "./readChannelState.js";
import { verifyChannelPayment } from "./verifyChannelPayment.js";

export type BatchSettlementEvmFacilitatorParameters = EvmFacilitatorOptions & {
  /**
   * An account that signs claims for servers that delegate the receiver-authorizer role to this facilitator; its
   * address is announced as `extra.receiverAuthorizer` of each kind in `GET /supported`. Without one, servers sign
   * their own claims and refunds.
   */
  receiverAuthorizer?: AuthorizerAccount | undefined;
  /**
   * Let that account sign refunds too. Off by default: a refund returns the unclaimed escrow to the payer, and the
   * facilitator cannot tell whether the server has vouchers it has not claimed yet; turn it on only where every
   * `/settle` caller is authenticated as the server that owns the channel.
   */
  delegatedRefunds?: boolean | undefined;
};

export type BatchSettlementEvmFacilitatorReturnType = SchemeFacilitator &
  Required<Pick<SchemeFacilitator, "resolveBroadcast">> & { readonly nonceManager: NonceManager };

/** The shared EVM facilitator options are validated by @x402kit/evm. */
export type BatchSettlementEvmFacilitatorErrorType = ExactEvmError;

/**
 * The facilitator side of `batch-settlement` on EVM (scheme_batch_settlement_evm.md, "Facilitator Interface").
 * `verify` checks a deposit, voucher or refund and answers with the channel's on-chain snapshot in `extra`. `settle`
 * runs what a payload asks: a deposit through the EIP-3009 or the Permit2 collector, a server's claim batch, a sweep of claimed
 * funds, or a cooperative refund (with the server's outstanding claim in the same transaction). Each transaction is
 * simulated first and goes through @x402kit/evm's nonce-managed send, `onBroadcast` before it leaves. A voucher is
 * never settled here: the resource server keeps it and claims it later.
 */
export function batchSettlementEvmFacilitator(
  parameters: BatchSettlementEvmFacilitatorParameters,
): BatchSettlementEvmFacilitatorReturnType {
  const { contexts, settings } = resolveFacilitatorOptions(parameters, {});
  const authorizer = parameters.receiverAuthorizer;
  const delegatedRefunds = parameters.delegatedRefunds ?? false;
  const networks = [...contexts.keys()];

  async function settle(payment: Parameters<SchemeFacilitator["settle"]>[0], context: SettleContext) {
    const network = payment.requirements.network;
    const failure = (reason: string, message: string, payer?: string): SettleResponse => ({
      success: false,
      errorReason: reason,
      errorMessage: message,
      transaction: "",
      network,
      ...(payer ? { payer } : {}),
    });
    const raw = payment.payload.payload as { type?: unknown };
    if (raw?.type === "deposit" || raw?.type === "voucher") {
      const verified = await verifyChannelPayment({ payment, contexts, settings });
      if (!verified.payload) return settleEvmPayment({ network, verified, context, settings });
      if (verified.payload.type !== "deposit")
        return failure(
          "invalid_batch_settlement_evm_payload_type",
          "A voucher is kept by the resource server and claimed later (type claim), not settled per request.",
          verified.payload.channelConfig.payer,
        );
      const amount = BigInt(verified.payload.deposit.amount);
      const response = await settleEvmPayment({
        network,
        verified: { response: verified.response, amount, call: verified.call },
        context,
        settings,
      });
      return withChannelState(
        response,
        verified.context,
        verified.channelId,
        "invalid_batch_settlement_evm_deposit_transaction_failed",
        {
          asset: verified.payload.channelConfig.token,
        },
      );
    }

    const found = findNetworkContext({ payment, scheme: batchSettlementScheme, contexts });
    if (!found.ok)
      return failure(
        found.reason === "invalid_scheme"
          ? "invalid_batch_settlement_evm_scheme"
          : "invalid_batch_settlement_evm_network_mismatch",
        found.message,
      );
    const parsed = settleablePayloadSchema.safeParse(raw);
    if (!parsed.success)
      return failure(payloadReason(raw?.type), `The ${String(raw?.type ?? "")} payload is malformed.`);
    const payload = parsed.data;
    const networkContext = found.context;
    switch (payload.type) {
      case "claim": {
        const prepared = await prepareClaim({
          claims: payload.claims,
          context: networkContext,
          signature: payload.claimAuthorizerSignature,
          authorizer,
        });
        const response = await send(prepared, undefined, network, context, settings);
        // A claim only updates accounting: no amount moves (scheme_batch_settlement_evm.md, POST /settle).
        return response.success
          ? { ...response, amount: "" }
          : failed(response, "invalid_batch_settlement_evm_claim_transaction_failed");
      }
      case "settle": {
        const prepared = await prepareSweep({ payload, context: networkContext });
        const response = await send(prepared, undefined, network, context, settings);
        if (!response.success)
          return failed(response, "invalid_batch_settlement_evm_settle_transaction_failed");
        return {
          ...response,
          amount: await sweptAmount(networkContext, response.transaction as Hex, payload),
        };
      }
      case "refund": {
        const prepared = await prepareRefund({
          payload,
          requirements: payment.requirements,
          context: networkContext,
          authorizer,
          delegatedRefunds,
        });
        const payer = payload.channelConfig.payer;
        const response = await send(prepared, payer, network, context, settings);
        if (!prepared.ok || !response.success)
          return failed(response, "invalid_batch_settlement_evm_refund_transaction_failed");
        return withChannelState(
          {
            ...response,
            amount: await refundedAmount(networkContext, response.transaction as Hex, prepared.channelId),
          },
          networkContext,
          prepared.channelId,
          "invalid_batch_settlement_evm_refund_transaction_failed",
          {},
        );
      }
      default:
        return failure("invalid_batch_settlement_evm_payload_type", "A deposit payload needs its voucher.");
    }
  }

  return {
    scheme: batchSettlementScheme,
    networks,
    nonceManager: settings.nonceManager,

    // scheme_batch_settlement_evm.md, GET /supported: the receiver authorizer that servers may delegate to.
    supportedKinds(): SupportedKind[] {
      return networks.map((network) => ({
        x402Version: 2,
        scheme: batchSettlementScheme,
        network,
        ...(authorizer ? { extra: { receiverAuthorizer: authorizer.address } } : {}),
      }));
    },

    signers() {
      return Object.fromEntries(
        [...contexts.values()].map(({ network, signer }) => [network, [signer.address]]),
      );
    },

    async verify(payment): Promise<VerifyResponse> {
      const raw = payment.payload.payload as { type?: unknown };
      if (raw?.type === "claim" || raw?.type === "settle")
        return {
          isValid: false,
          invalidReason: "invalid_batch_settlement_evm_payload_type",
          invalidMessage: `A ${raw.type} payload is only settled, never verified.`,
        };
      return (await verifyChannelPayment({ payment, contexts, settings })).response;
    },

    settle(payment, context) {
      return settle(payment, context).catch(
        (error: unknown): SettleResponse => ({
          success: false,
          errorReason: "unexpected_settle_error",
          errorMessage: error instanceof Error ? error.message.split("\n")[0] : String(error),
          transaction: "",
          network: payment.requirements.network,
        }),
      );
    },

    settlementKey: batchSettlementSettlementKey,

    async resolveBroadcast(parameters) {
      const { payload, network } = parameters;
      const context = contexts.get(network);
      const parsed = settleablePayloadSchema.safeParse(payload.payload);
      if (!context || !parsed.success)
        return resolveSettlementBroadcast({ ...parameters, contexts, authorization: undefined });
      const settlePayload = parsed.data;
      const resolved = await resolveSettlementBroadcast({
        ...parameters,
        contexts,
        authorization: {
          payer: "channelConfig" in settlePayload ? settlePayload.channelConfig.payer : "",
          isUsed: (client) => isSpent(client, settlePayload, context),
        },
      });
      if (!resolved?.success) return resolved;
      // A receipt says it went through: answer as settle would have.
      switch (settlePayload.type) {
        case "deposit":
          return withChannelState(
            { ...resolved, amount: settlePayload.deposit.amount },
            context,
            computeChannelId({ config: settlePayload.channelConfig, chainId: context.chainId }),
            "invalid_batch_settlement_evm_deposit_transaction_failed",
            { asset: settlePayload.channelConfig.token },
          );
        case "claim":
          return { ...resolved, amount: "" };
        case "settle":
          return {
            ...resolved,
            amount: await sweptAmount(context, resolved.transaction as Hex, settlePayload),
          };
        case "refund": {
          const channelId = computeChannelId({
            config: settlePayload.channelConfig,
            chainId: context.chainId,
          });
          return withChannelState(
            { ...resolved, amount: await refundedAmount(context, resolved.transaction as Hex, channelId) },
            context,
            channelId,
            "invalid_batch_settlement_evm_refund_transaction_failed",
            {},
          );
        }
      }
    },
  };
}

/** Sends a prepared step through @x402kit/evm's settlement path (nonce manager, `onBroadcast` first, receipt). */
function send(
  prepared: PreparedStep,
  payer: string | undefined,
  network: string,
  context: SettleContext,
  settings: FacilitatorSettings,
): Promise<SettleResponse> {
  const verified: VerifiedEvmPayment = prepared.ok
    ? { response: { isValid: true, ...(payer ? { payer } : {}) }, amount: 0n, call: prepared.call }
    : {
        response: {
          isValid: false,
          invalidReason: prepared.reason,
          invalidMessage: prepared.message,
          ...(payer ? { payer } : {}),
        },
      };
  return settleEvmPayment({ network, verified, context, settings });
}

/** A mined transaction that reverted gets the scheme's own code (`…_transaction_failed`). */
function failed(response: SettleResponse, reason: BatchSettlementEvmReasonCode): SettleResponse {
  return !response.success && response.transaction && response.errorReason === "invalid_transaction_state"
    ? { ...response, errorReason: reason }
    : response;
}

/**
 * A successful deposit or refund carries the channel's state after it (`extra.channelState`). The state is read
 * after the receipt; if that read fails the answer is still a success.
 */
async function withChannelState(
  response: SettleResponse,
  context: NetworkContext,
  channelId: Hex,
  revertReason: BatchSettlementEvmReasonCode,
  options: { asset?: string },
): Promise<SettleResponse> {
  if (!response.success) return failed(response, revertReason);
  try {
    const state = await readChannelState({ client: context.client, channelId });
    return {
      ...response,
      ...(options.asset ? { asset: options.asset } : {}),
      extra: { channelState: channelStateExtra(channelId, state) },
    };
  } catch {
    return response;
  }
}

/** What a sweep moved, from its `Settled` event ("" if the receipt cannot be read). */
async function sweptAmount(
  context: NetworkContext,
  hash: Hex,
  payload: { receiver: string; token: string },
): Promise<string> {
  try {
    const receipt = await getTransactionReceipt(context.client, { hash });
    const [log] = parseEventLogs({
      abi: batchSettlementAbi,
      eventName: "Settled",
      logs: receipt.logs,
    }).filter(
      (entry) =>
        isAddressEqual(entry.address, batchSettlementAddress) &&
        isAddressEqual(entry.args.receiver, payload.receiver as Address) &&
        isAddressEqual(entry.args.token, payload.token as Address),
    );
    return (log?.args.amount ?? 0n).toString();
  } catch {
    return "";
  }
}

/** What a refund returned to the payer, from its `Refunded` event: "0" when nothing was left ("" if unreadable). */
async function refundedAmount(context: NetworkContext, hash: Hex, channelId: Hex): Promise<string> {
  try {
    const receipt = await getTransactionReceipt(context.client, { hash });
    const logs = parseEventLogs({
      abi: batchSettlementAbi,
      eventName: "Refunded",
      logs: receipt.logs,
    }).filter(
      (entry) => isAddressEqual(entry.address, batchSettlementAddress) && entry.args.channelId === channelId,
    );
    return logs.reduce((sum, log) => sum + log.args.amount, 0n).toString();
  } catch {
    return "";
  }
}

/**
 * After a restart, for a transaction the node does not know: did another transaction already do what this one was
 * for? A deposit's authorization is used, a claim's rows are all claimed, a refund's nonce is past. A sweep can
 * always be sent again.
 */
async function isSpent(
  client: NetworkContext["client"],
  payload: SettleablePayload,
  context: NetworkContext,
): Promise<boolean> {
  const chainId = context.chainId;
  switch (payload.type) {
    case "deposit": {
      const permit2 = payload.deposit.authorization.permit2Authorization;
      if (permit2)
        return readPermit2NonceUsed({
          client,
          owner: payload.channelConfig.payer as Address,
          nonce: BigInt(permit2.nonce),
        });
      const channelId = computeChannelId({ config: payload.channelConfig, chainId });
      const salt = payload.deposit.authorization.erc3009Authorization?.salt;
      if (!salt) return false;
      return readContract(client, {
        address: payload.channelConfig.token as Address,
        abi: [
          {
            type: "function",
            name: "authorizationState",
            stateMutability: "view",
            inputs: [
              { name: "authorizer", type: "address" },
              { name: "nonce", type: "bytes32" },
            ],
            outputs: [{ name: "", type: "bool" }],
          },
        ] as const,
        functionName: "authorizationState",
        args: [payload.channelConfig.payer as Address, erc3009DepositNonce(channelId, salt as Hex)],
      });
    }
    case "claim": {
      const states = await Promise.all(
        payload.claims.map((claim) =>
          readChannelState({
            client,
            channelId: computeChannelId({ config: claim.voucher.channel, chainId }),
          }),
        ),
      );
      return payload.claims.every((claim, i) => states[i]!.totalClaimed >= BigInt(claim.totalClaimed));
    }
    case "refund": {
      const state = await readChannelState({
        client,
        channelId: computeChannelId({ config: payload.channelConfig, chainId }),
      });
      return state.refundNonce > BigInt(payload.refundNonce);
    }
    case "settle":
      return false;
  }
}

function payloadReason(type: unknown): BatchSettlementEvmReasonCode {
  switch (type) {
    case "claim":
      return "invalid_batch_settlement_evm_claim_payload";
    case "settle":
      return "invalid_batch_settlement_evm_settle_payload";
    case "refund":
      return "invalid_batch_settlement_evm_refund_payload";
    case "deposit":
      return "invalid_batch_settlement_evm_deposit_payload";
    default:
      return "invalid_batch_settlement_evm_payload_type";
  }
}
