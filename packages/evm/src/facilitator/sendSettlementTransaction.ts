import { type Address, BaseError, type Hex, keccak256 } from "viem";
import { getTransactionCount, sendRawTransaction } from "viem/actions";
import type { NonceManager } from "./createNonceManager.js";
import { errorMessage } from "./errorMessage.js";
import { isTransportError } from "./isTransportError.js";
import type { NetworkContext } from "./types.js";

export type SendSettlementTransactionParameters = {
  context: NetworkContext;
  nonceManager: NonceManager;
  to: Address;
  data: Hex;
  gas: bigint;
  /** Persists the hash; called before the transaction leaves, and again for a retry's new hash. */
  onBroadcast: (transaction: Hex) => Promise<void>;
};

export type SendSettlementTransactionReturnType =
  /** The node accepted the transaction. */
  | { status: "sent"; hash: Hex }
  /** The transport failed while sending: the transaction may be out, its hash is the one to follow. */
  | { status: "unknown"; hash: Hex; message: string }
  /** Nothing was sent (the node refused it, or the hash could not be persisted). */
  | { status: "refused"; message: string };

type Attempt = SendSettlementTransactionReturnType | { status: "nonce_conflict"; message: string };

const nonceConflict =
  /nonce too low|nonce too high|nonce has already been used|replacement transaction underpriced|invalid nonce/i;
const alreadyKnown = /already known|known transaction|already imported/i;
const fullMessage = (error: unknown) =>
  error instanceof BaseError
    ? `${error.message} ${error.details}`
    : error instanceof Error
      ? error.message
      : String(error);

/**
 * Signs a settlement transaction locally and sends it, through the nonce manager so that concurrent settlements
 * never collide. Fees come from the per-block cache and the gas limit is fixed, so sending costs one RPC call.
 * The hash goes to `onBroadcast` before `eth_sendRawTransaction`, so a crash after sending never loses it.
 * On a nonce conflict the account's nonce is re-read from the chain and the transaction is re-signed once.
 */
export async function sendSettlementTransaction(
  parameters: SendSettlementTransactionParameters,
): Promise<SendSettlementTransactionReturnType> {
  const first = await attempt(parameters);
  if (first.status !== "nonce_conflict") return first;
  const second = await attempt(parameters);
  return second.status === "nonce_conflict" ? { status: "refused", message: second.message } : second;
}

async function attempt(parameters: SendSettlementTransactionParameters): Promise<Attempt> {
  const { context, nonceManager, to, data, gas, onBroadcast } = parameters;
  const { client, signer, chainId } = context;
  const key = { account: signer.address, chainId };
  const fees = await context.fees.get();
  return nonceManager.withNonce(
    {
      ...key,
      chainNonce: () => getTransactionCount(client, { address: signer.address, blockTag: "pending" }),
    },
    async (nonce): Promise<Attempt> => {
      let serializedTransaction: Hex;
      let hash: Hex;
      try {
        const feeFields =
          fees.type === "eip1559"
            ? {
                type: "eip1559" as const,
                maxFeePerGas: fees.maxFeePerGas,
                maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
              }
            : { type: "legacy" as const, gasPrice: fees.gasPrice };
        serializedTransaction = await signer.signTransaction({
          chainId,
          nonce,
          to,
          data,
          gas,
          value: 0n,
          ...feeFields,
        });
        hash = keccak256(serializedTransaction);
        await onBroadcast(hash);
      } catch (error) {
        // The nonce was reserved but nothing was sent: forget it so the next reservation re-reads the chain.
        await nonceManager.reset(key);
        return { status: "refused", message: `Not sent: ${errorMessage(error)}` };
      }
      try {
        await sendRawTransaction(client, { serializedTransaction });
        return { status: "sent", hash };
      } catch (error) {
        if (isTransportError(error)) return { status: "unknown", hash, message: errorMessage(error) };
        const message = fullMessage(error);
        // The node already holds these exact bytes: the transaction is out.
        if (alreadyKnown.test(message)) return { status: "sent", hash };
        await nonceManager.reset(key);
        if (nonceConflict.test(message)) return { status: "nonce_conflict", message: errorMessage(error) };
        return { status: "refused", message: errorMessage(error) };
      }
    },
  );
}
