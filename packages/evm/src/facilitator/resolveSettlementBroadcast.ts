import type { PaymentRequirements, SettleResponse } from "@x402kit/types";
import { type Address, type Hex, TransactionNotFoundError, TransactionReceiptNotFoundError } from "viem";
import { getTransaction, getTransactionReceipt } from "viem/actions";
import { settleResponseFromReceipt } from "./settleResponseFromReceipt.js";
import type { EvmClient, NetworkContext } from "./types.js";

export type ResolveSettlementBroadcastParameters = {
  transaction: string;
  network: string;
  /** The requirements settled: their `amount` is what the settlement moves, for the SettleResponse. */
  requirements: PaymentRequirements;
  contexts: ReadonlyMap<string, NetworkContext>;
  /**
   * The authorization that the transaction spends: its payer and an on-chain "is it used?" read (EIP-3009's
   * `authorizationState`, Permit2's nonce bitmap). Undefined when the payload does not parse.
   */
  authorization:
    | {
        payer: string;
        isUsed: (client: EvmClient) => Promise<boolean>;
        /** An EIP-3009 authorization's `from` and nonce: its own outcome inside a batch settlement's receipt. */
        eip3009?: { from: Address; nonce: Hex } | undefined;
      }
    | undefined;
};

/**
 * Resolves a settlement whose transaction was broadcast but whose outcome is unknown (a receipt timeout, a
 * restart), for any EVM scheme. A receipt decides it. A transaction the node still holds is pending (undefined), and
 * so is any RPC failure. A transaction the node does not know was never sent, or was dropped: if the authorization
 * is still unused, the answer is a failure with no transaction, so that the settlement can safely be tried again;
 * if another transaction used it, the failure says so.
 */
export async function resolveSettlementBroadcast(
  parameters: ResolveSettlementBroadcastParameters,
): Promise<SettleResponse | undefined> {
  const { transaction, network, requirements, contexts, authorization } = parameters;
  const context = contexts.get(network);
  if (!context)
    return {
      success: false,
      errorReason: "invalid_network",
      errorMessage: `${network} is not served.`,
      transaction: "",
      network,
    };
  const payer = authorization?.payer;
  const hash = transaction as Hex;
  const [receipt, pending] = await Promise.allSettled([
    getTransactionReceipt(context.client, { hash }),
    getTransaction(context.client, { hash }),
  ]);
  if (receipt.status === "fulfilled")
    return settleResponseFromReceipt({
      receipt: receipt.value,
      network,
      payer,
      amount: requirements.amount,
      authorization: authorization?.eip3009,
    });
  if (!(receipt.reason instanceof TransactionReceiptNotFoundError)) return undefined;
  if (pending.status === "fulfilled" || !(pending.reason instanceof TransactionNotFoundError))
    return undefined;

  // The node does not know the transaction: the authorization's state tells whether another one used it.
  if (!authorization) return { success: false, errorReason: "invalid_payload", transaction: "", network };
  const used = await authorization.isUsed(context.client).catch(() => undefined);
  if (used === undefined) return undefined;
  return {
    success: false,
    errorReason: used ? "invalid_exact_evm_payload_authorization_nonce_used" : "invalid_transaction_state",
    errorMessage: used
      ? "The transaction is unknown to the node and the authorization was used by another transaction."
      : "not broadcast",
    transaction: "",
    network,
    payer,
  };
}
