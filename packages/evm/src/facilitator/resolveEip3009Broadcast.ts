import type { PaymentPayload, PaymentRequirements, SettleResponse } from "@x402kit/types";
import { exactEvmEip3009PayloadSchema } from "@x402kit/types";
import { getAddress, type Hex, TransactionNotFoundError, TransactionReceiptNotFoundError } from "viem";
import { getTransaction, getTransactionReceipt, readContract } from "viem/actions";
import { eip3009Abi } from "../abis.js";
import { settleResponseFromReceipt } from "./settleResponseFromReceipt.js";
import type { NetworkContext } from "./types.js";

export type ResolveEip3009BroadcastParameters = {
  transaction: string;
  network: string;
  requirements: PaymentRequirements;
  payload: PaymentPayload;
  contexts: ReadonlyMap<string, NetworkContext>;
};

/**
 * Resolves a settlement whose transaction was broadcast but whose outcome is unknown (a receipt timeout, a
 * restart). A receipt decides it. A transaction the node still holds is pending (undefined), and so is any RPC
 * failure. A transaction the node does not know was never sent, or was dropped: if the authorization is still
 * unused, the answer is a failure with no transaction, so the settlement can safely be tried again.
 */
export async function resolveEip3009Broadcast(
  parameters: ResolveEip3009BroadcastParameters,
): Promise<SettleResponse | undefined> {
  const { transaction, network, requirements, payload, contexts } = parameters;
  const context = contexts.get(network);
  if (!context)
    return {
      success: false,
      errorReason: "invalid_network",
      errorMessage: `${network} is not served.`,
      transaction: "",
      network,
    };
  const parsed = exactEvmEip3009PayloadSchema.safeParse(payload.payload);
  const payer = parsed.success ? getAddress(parsed.data.authorization.from) : undefined;
  const hash = transaction as Hex;

  const [receipt, pending] = await Promise.allSettled([
    getTransactionReceipt(context.client, { hash }),
    getTransaction(context.client, { hash }),
  ]);
  if (receipt.status === "fulfilled")
    return settleResponseFromReceipt({ receipt: receipt.value, network, payer, amount: requirements.amount });
  if (!(receipt.reason instanceof TransactionReceiptNotFoundError)) return undefined;
  if (pending.status === "fulfilled") return undefined;
  if (!(pending.reason instanceof TransactionNotFoundError)) return undefined;

  // The node does not know the transaction.
  if (!parsed.success || !payer)
    return { success: false, errorReason: "invalid_payload", transaction: "", network };
  const used = await readContract(context.client, {
    address: getAddress(requirements.asset),
    abi: eip3009Abi,
    functionName: "authorizationState",
    args: [payer, parsed.data.authorization.nonce as Hex],
  }).catch(() => undefined);
  if (used === undefined) return undefined;
  if (!used)
    return {
      success: false,
      errorReason: "invalid_transaction_state",
      errorMessage: "not broadcast",
      transaction: "",
      network,
      payer,
    };
  return {
    success: false,
    errorReason: "invalid_exact_evm_payload_authorization_nonce_used",
    errorMessage:
      "The transaction is unknown to the node and the authorization was used by another transaction.",
    transaction: "",
    network,
    payer,
  };
}
