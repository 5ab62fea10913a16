import type { PaymentPayload, PaymentRequirements, SettleResponse } from "@x402kit/types";
import { getAddress, type Hex, TransactionNotFoundError, TransactionReceiptNotFoundError } from "viem";
import { getTransaction, getTransactionReceipt } from "viem/actions";
import { uptoEvmPayloadSchema } from "../schemas.js";
import { readPermit2NonceUsed } from "./readPermit2NonceUsed.js";
import { settleResponseOf } from "./settleResponseOf.js";
import type { UptoNetworkContext } from "./types.js";

export type ResolveUptoBroadcastParameters = {
  transaction: string;
  network: string;
  requirements: PaymentRequirements;
  payload: PaymentPayload;
  contexts: ReadonlyMap<string, UptoNetworkContext>;
};

/**
 * Resolves an upto settlement whose transaction was broadcast but whose outcome is unknown (a receipt timeout, a
 * restart). A receipt decides it. A transaction the node still holds, or any RPC failure, is pending (undefined).
 * A transaction the node does not know was never sent or was dropped: if the Permit2 nonce is still unused the
 * answer is a failure with no transaction, so that the settlement can safely be tried again.
 */
export async function resolveUptoBroadcast(
  parameters: ResolveUptoBroadcastParameters,
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
  const parsed = uptoEvmPayloadSchema.safeParse(payload.payload);
  const payer = parsed.success ? getAddress(parsed.data.permit2Authorization.from) : undefined;
  const hash = transaction as Hex;

  const [receipt, pending] = await Promise.allSettled([
    getTransactionReceipt(context.client, { hash }),
    getTransaction(context.client, { hash }),
  ]);
  if (receipt.status === "fulfilled")
    return settleResponseOf({ receipt: receipt.value, network, payer, amount: requirements.amount });
  if (!(receipt.reason instanceof TransactionReceiptNotFoundError)) return undefined;
  if (pending.status === "fulfilled" || !(pending.reason instanceof TransactionNotFoundError))
    return undefined;

  // The node does not know the transaction: the Permit2 nonce tells whether another transaction used it.
  if (!parsed.success || !payer)
    return { success: false, errorReason: "invalid_payload", transaction: "", network };
  const nonce = BigInt(parsed.data.permit2Authorization.nonce);
  const used = await readPermit2NonceUsed({ client: context.client, owner: payer, nonce }).catch(
    () => undefined,
  );
  if (used === undefined) return undefined;
  return {
    success: false,
    errorReason: used ? "invalid_exact_evm_payload_authorization_nonce_used" : "invalid_transaction_state",
    errorMessage: used
      ? "The transaction is unknown to the node and the Permit2 nonce was used by another transaction."
      : "not broadcast",
    transaction: "",
    network,
    payer,
  };
}
