import { type Base64EncodedWireTransaction, getBase64EncodedWireTransaction } from "@solana/kit";
import type { PaymentPayload, PaymentRequirements, SettleResponse } from "@x402kit/types";
import { exactSvmPayloadSchema } from "@x402kit/types";
import { decodeSvmTransaction } from "../utils/decodeSvmTransaction.js";
import type { SvmNetworkContext } from "./types.js";

export type ResolveExactSvmBroadcastParameters = {
  /** The transaction's signature (its id), recorded by `onBroadcast`. */
  transaction: string;
  network: string;
  requirements: PaymentRequirements;
  payload: PaymentPayload;
  contexts: ReadonlyMap<string, SvmNetworkContext>;
};

const json = (value: unknown) =>
  JSON.stringify(value, (_, item) => (typeof item === "bigint" ? item.toString() : item));

/**
 * Resolves a settlement whose transaction was recorded but whose outcome is unknown (a restart, a slow
 * confirmation). A confirmed or finalized status decides it. Without a status, while the blockhash is valid, the
 * transaction may not have left (a crash between `onBroadcast` and the send) or may still land: it is signed and
 * sent again, which is safe on Solana (the fee payer's signature of the same message is the same, so it is the same
 * transaction, and it lands at most once), and the answer stays pending. Once the blockhash expired with no status,
 * it can never land and nothing moved: a failure with no transaction, so that the record goes and the payer may sign
 * again. Undefined (pending) when the node cannot be asked.
 */
export async function resolveExactSvmBroadcast(
  parameters: ResolveExactSvmBroadcastParameters,
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
  const parsed = exactSvmPayloadSchema.safeParse(payload.payload);
  const decoding = parsed.success ? decodeSvmTransaction(parsed.data.transaction) : undefined;
  if (!decoding?.ok)
    return {
      success: false,
      errorReason: "invalid_payload",
      errorMessage: "The payload does not decode.",
      transaction: "",
      network,
    };
  const { decoded } = decoding;
  const payer = decoded.signers[1];
  const withPayer = payer ? { payer } : {};
  try {
    const {
      value: [status],
    } = await context.rpc
      .getSignatureStatuses([transaction as never], { searchTransactionHistory: true })
      .send();
    if (status) {
      if (status.confirmationStatus !== "confirmed" && status.confirmationStatus !== "finalized")
        return undefined;
      if (status.err === null)
        return { success: true, transaction, network, ...withPayer, amount: requirements.amount };
      return {
        success: false,
        errorReason: "invalid_transaction_state",
        errorMessage: `The transaction failed on-chain: ${json(status.err)}`,
        transaction,
        network,
        ...withPayer,
      };
    }
    const { value: valid } = await context.rpc
      .isBlockhashValid(decoded.blockhash as never, { commitment: "processed" })
      .send();
    if (!valid)
      return {
        success: false,
        errorReason: "invalid_exact_svm_payload_blockhash_expired",
        errorMessage:
          "not broadcast: the transaction did not land before its blockhash expired; nothing was paid.",
        transaction: "",
        network,
        ...withPayer,
      };
    const feePayer = context.feePayers.get(decoded.feePayer);
    if (feePayer) {
      const [signatures] = await feePayer.signTransactions([decoded.transaction]);
      const signed = getBase64EncodedWireTransaction({
        ...decoded.transaction,
        signatures: { ...decoded.transaction.signatures, ...signatures },
      });
      await context.rpc
        .sendTransaction(signed as Base64EncodedWireTransaction, {
          encoding: "base64",
          skipPreflight: true,
          maxRetries: 0n,
        })
        .send()
        .catch(() => undefined);
    }
    return undefined;
  } catch {
    return undefined;
  }
}
