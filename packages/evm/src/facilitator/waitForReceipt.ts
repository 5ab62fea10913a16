import type { Hash, TransactionReceipt } from "viem";
import { getTransactionReceipt } from "viem/actions";
import { errorMessage } from "./errorMessage.js";
import type { EvmClient } from "./types.js";

export type WaitForReceiptParameters = {
  client: EvmClient;
  hash: Hash;
  /** How long to wait in all, from the call. */
  timeoutMs: number;
  /** The pause between two polls. */
  pollingIntervalMs: number;
};

export type WaitForReceiptReturnType =
  | { status: "mined"; receipt: TransactionReceipt }
  /** No receipt within `timeoutMs`; `lastError` is the last poll's failure ("not found yet" included). */
  | { status: "timeout"; lastError: string };

/**
 * Polls for a transaction's receipt until it is mined or `timeoutMs` has passed. Unlike viem's
 * `waitForTransactionReceipt`, which gives up at the first error that is not "receipt not found", every failure
 * (transport, JSON-RPC, not found yet) is a poll to try again: a transient RPC error must not turn a transaction
 * mined a moment later into a pending settlement (docs/reliability.md, bug 5). A hung poll is cut at the deadline.
 * Never throws.
 */
export async function waitForReceipt(
  parameters: WaitForReceiptParameters,
): Promise<WaitForReceiptReturnType> {
  const { client, hash, timeoutMs, pollingIntervalMs } = parameters;
  const deadline = Date.now() + timeoutMs;
  let lastError = "no poll answered";
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { status: "timeout", lastError };
    const polled = await pollOnce(client, hash, remaining);
    if (polled.receipt) return { status: "mined", receipt: polled.receipt };
    lastError = polled.error;
    const pause = Math.min(pollingIntervalMs, deadline - Date.now());
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** One `eth_getTransactionReceipt`, bounded by `limitMs`. */
async function pollOnce(
  client: EvmClient,
  hash: Hash,
  limitMs: number,
): Promise<{ receipt: TransactionReceipt; error?: undefined } | { receipt?: undefined; error: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ error: "the receipt poll did not answer in time" }), limitMs);
  });
  try {
    return await Promise.race([
      getTransactionReceipt(client, { hash }).then(
        (receipt) => ({ receipt }),
        (error: unknown) => ({ error: errorMessage(error) }),
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
