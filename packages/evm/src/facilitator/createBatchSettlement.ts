import type { Address, Hex } from "viem";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import type { Eip3009AuthorizationValues } from "../utils/parseEip3009Authorization.js";
import type { SplitSignatureReturnType } from "../utils/splitSignature.js";
import type { NonceManager } from "./createNonceManager.js";
import type { WaitForReceiptReturnType } from "./createReceiptWatcher.js";
import { encodeBatchSettle } from "./encodeBatchSettle.js";
import {
  type SendSettlementTransactionReturnType,
  sendSettlementTransaction,
} from "./sendSettlementTransaction.js";
import type { NetworkContext } from "./types.js";

export type BatchSettlementOptions = {
  /** The address of x402kit's X402BatchSettler (contracts/) on this network. */
  settler: Address;
  /** The most authorizations in one transaction. Default 50. */
  maxSize?: number | undefined;
  /** The longest the first authorization of a batch waits for others before the batch leaves. Default 200 ms. */
  maxWaitMs?: number | undefined;
  /**
   * How long a payment's successful `/verify` is reused by its settle, which then sends it without simulating it
   * again (issue 16). Safe in a batch: the settler tries each authorization on its own, so one that became invalid
   * in between fails alone (`invalid_transaction_state`) and moves nothing. Default 2 000 ms; 0 verifies again.
   */
  reuseVerificationMs?: number | undefined;
};

/** One EOA's EIP-3009 authorization, with its `(v,r,s)` signature, on `token`. */
export type BatchSettlementItem = {
  token: Address;
  authorization: Eip3009AuthorizationValues;
  signature: SplitSignatureReturnType;
  /** The gas that this authorization alone would need. */
  gas: bigint;
};

export type BatchSettlementSubmitParameters = {
  item: BatchSettlementItem;
  /** Persists the batch's hash for this payment, before the transaction leaves. */
  onBroadcast: (hash: Hex) => Promise<void>;
};

/** The transaction that carries a settlement, and its receipt (waited for once, shared by a batch's payments). */
export type BatchSettlementSubmitReturnType =
  | {
      sent: Exclude<SendSettlementTransactionReturnType, { status: "refused" }>;
      receipt: Promise<WaitForReceiptReturnType>;
      /** This payment's place in its batch (the `index` of its `AuthorizationFailed`, should it fail). */
      batchIndex?: number | undefined;
    }
  | { sent: Extract<SendSettlementTransactionReturnType, { status: "refused" }>; receipt?: undefined };

export type BatchSettlement = {
  settler: Address;
  /** See `BatchSettlementOptions.reuseVerificationMs`. */
  reuseVerificationMs: number;
  /** Adds an authorization to the next batch; resolves once its batch was sent (or refused). */
  submit(parameters: BatchSettlementSubmitParameters): Promise<BatchSettlementSubmitReturnType>;
};

export type CreateBatchSettlementParameters = BatchSettlementOptions & {
  context: NetworkContext;
  nonceManager: NonceManager;
  receiptTimeoutMs: number;
};

// The batch call's own cost besides its items: the intrinsic 21 000, calldata and the loop.
const batchOverheadGas = 60_000n;

type Queued = BatchSettlementSubmitParameters & {
  resolve: (result: BatchSettlementSubmitReturnType) => void;
};

/**
 * Batch settlement (issue 5): EIP-3009 authorizations queue for up to `maxWaitMs` (or until `maxSize` are waiting)
 * and leave together in one call to X402BatchSettler's `settle`, sent through the nonce manager like any
 * settlement. Every payment's `onBroadcast` gets the batch's hash before the transaction leaves; if any of them
 * fails, the batch is not sent and every payment in it is refused (nothing moved). The contract tries each
 * authorization on its own, so one that fails (its `AuthorizationFailed` event) does not sink the others.
 */
export function createBatchSettlement(parameters: CreateBatchSettlementParameters): BatchSettlement {
  const { settler, context, nonceManager, receiptTimeoutMs } = parameters;
  const maxSize = parameters.maxSize ?? 50;
  const maxWaitMs = parameters.maxWaitMs ?? 200;
  const reuseVerificationMs = parameters.reuseVerificationMs ?? 2_000;
  if (
    !Number.isInteger(maxSize) ||
    maxSize < 1 ||
    !Number.isFinite(maxWaitMs) ||
    maxWaitMs < 0 ||
    !Number.isFinite(reuseVerificationMs) ||
    reuseVerificationMs < 0
  )
    throw new ExactEvmError(
      "invalid_config",
      "`batchSettlement`: maxSize must be a positive integer, maxWaitMs and reuseVerificationMs non-negative numbers.",
      {
        details: {
          maxSize: String(maxSize),
          maxWaitMs: String(maxWaitMs),
          reuseVerificationMs: String(reuseVerificationMs),
        },
      },
    );
  let queue: Queued[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const data = encodeBatchSettle(batch.map(({ item }) => item));
    const gas = batch.reduce((sum, { item }) => sum + item.gas, batchOverheadGas);
    let sent: SendSettlementTransactionReturnType;
    try {
      sent = await sendSettlementTransaction({
        context,
        nonceManager,
        to: settler,
        data,
        gas,
        onBroadcast: async (hash) => {
          await Promise.all(batch.map(({ onBroadcast }) => onBroadcast(hash)));
        },
      });
    } catch (error) {
      sent = { status: "refused", message: error instanceof Error ? error.message : String(error) };
    }
    const result: BatchSettlementSubmitReturnType =
      sent.status === "refused"
        ? { sent }
        : {
            sent,
            receipt: context.receipts.wait({ hash: sent.hash, timeoutMs: receiptTimeoutMs }),
          };
    for (const [batchIndex, { resolve }] of batch.entries())
      resolve(result.receipt ? { ...result, batchIndex } : result);
  };

  return {
    settler,
    reuseVerificationMs,
    submit(submitted) {
      return new Promise((resolve) => {
        queue.push({ ...submitted, resolve });
        if (queue.length >= maxSize) void flush();
        else timer ??= setTimeout(() => void flush(), maxWaitMs);
      });
    },
  };
}
