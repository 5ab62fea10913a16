import { isTransportError, type NonceManager } from "@x402kit/evm";
import { type Address, type Hex, keccak256 } from "viem";
import { estimateFeesPerGas, getTransactionCount, sendRawTransaction } from "viem/actions";
import { errorMessage } from "../utils/errorMessage.js";
import type { UptoNetworkContext } from "./types.js";

export type SendSettlementParameters = {
  context: UptoNetworkContext;
  nonceManager: NonceManager;
  to: Address;
  data: Hex;
  gas: bigint;
  /** Persists the hash before the transaction leaves. */
  onBroadcast: (transaction: Hex) => Promise<void>;
};

export type SendSettlementReturnType =
  /** The node accepted the transaction. */
  | { status: "sent"; hash: Hex }
  /** The transport failed while sending: the transaction may be out, its hash is the one to follow. */
  | { status: "unknown"; hash: Hex; message: string }
  /** Nothing was sent. */
  | { status: "refused"; message: string };

/**
 * Signs a settlement transaction locally and sends it through @x402kit/evm's nonce manager, so that concurrent
 * settlements never collide; the hash goes to `onBroadcast` before `eth_sendRawTransaction`.
 */
export async function sendSettlement(
  parameters: SendSettlementParameters,
): Promise<SendSettlementReturnType> {
  const { context, nonceManager, to, data, gas, onBroadcast } = parameters;
  const { client, signer, chainId } = context;
  const key = { account: signer.address, chainId };
  const fees = await estimateFeesPerGas(client, { chain: null });
  return nonceManager.withNonce(
    {
      ...key,
      chainNonce: () => getTransactionCount(client, { address: signer.address, blockTag: "pending" }),
    },
    async (nonce): Promise<SendSettlementReturnType> => {
      let serializedTransaction: Hex;
      try {
        serializedTransaction = await signer.signTransaction({
          type: "eip1559",
          chainId,
          nonce,
          to,
          data,
          gas,
          value: 0n,
          maxFeePerGas: fees.maxFeePerGas,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        });
        await onBroadcast(keccak256(serializedTransaction));
      } catch (error) {
        await nonceManager.reset(key); // reserved but unused
        return { status: "refused", message: `Not sent: ${errorMessage(error)}` };
      }
      const hash = keccak256(serializedTransaction);
      try {
        await sendRawTransaction(client, { serializedTransaction });
        return { status: "sent", hash };
      } catch (error) {
        if (isTransportError(error)) return { status: "unknown", hash, message: errorMessage(error) };
        await nonceManager.reset(key);
        return { status: "refused", message: errorMessage(error) };
      }
    },
  );
}
