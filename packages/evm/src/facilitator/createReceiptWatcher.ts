import { type Hash, type TransactionReceipt, TransactionReceiptNotFoundError } from "viem";
import { getBlockNumber, getTransactionReceipt } from "viem/actions";
import { errorMessage } from "./errorMessage.js";
import type { EvmClient } from "./types.js";

export type WaitForReceiptReturnType =
  | { status: "mined"; receipt: TransactionReceipt }
  /** No receipt within `timeoutMs`; `lastError` is the last poll's failure ("not found yet" included). */
  | { status: "timeout"; lastError: string };

export type ReceiptWatcher = {
  /** Waits for a transaction's receipt, up to `timeoutMs` from the call. Never throws. */
  wait(parameters: { hash: Hash; timeoutMs: number }): Promise<WaitForReceiptReturnType>;
};

export type CreateReceiptWatcherParameters = {
  client: EvmClient;
  /** The pause between two looks at the chain's head. */
  pollingIntervalMs: number;
};

type Waiter = {
  hash: Hash;
  /** The head at which its receipt was last looked for and not found; it is looked for again at a newer head. */
  checkedAt: bigint | undefined;
  lastError: string;
  finish: (result: WaitForReceiptReturnType) => void;
};

const hungPoll = "the receipt poll did not answer in time";
const notFound = "the transaction is not mined yet";

/**
 * Watches a chain's head for every settlement waiting for its receipt (issue 5): one `eth_blockNumber` per
 * `pollingIntervalMs` while anyone waits, and the receipts of all waiting transactions in one batched round each time
 * the head moves, instead of one receipt poll per transaction per interval. A new waiter is looked up at once.
 * Every failure (transport, JSON-RPC, not found yet) is a poll to try again, never an answer: a transient RPC error
 * must not turn a transaction mined a moment later into a pending settlement (docs/reliability.md, bug 5). Each
 * waiter has its own deadline, which a hung poll cannot delay.
 */
export function createReceiptWatcher(parameters: CreateReceiptWatcherParameters): ReceiptWatcher {
  const { client, pollingIntervalMs } = parameters;
  const waiters = new Set<Waiter>();
  let running = false;

  // A poll that hangs is left behind after this long; its late answer is ignored.
  const bounded = <value>(promise: Promise<value>): Promise<value | typeof hungPoll> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<typeof hungPoll>((resolve) => {
      timer = setTimeout(() => resolve(hungPoll), Math.max(4 * pollingIntervalMs, 2_000));
    });
    return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
  };

  const lookUp = (due: readonly Waiter[]) =>
    Promise.allSettled(due.map((waiter) => getTransactionReceipt(client, { hash: waiter.hash })));

  const record = (
    due: readonly Waiter[],
    answers: PromiseSettledResult<TransactionReceipt>[] | typeof hungPoll,
    head: bigint | undefined,
  ) =>
    due.forEach((waiter, index) => {
      if (answers === hungPoll) {
        waiter.lastError = hungPoll;
        return;
      }
      const answer = answers[index]!;
      if (answer.status === "fulfilled") waiter.finish({ status: "mined", receipt: answer.value });
      else if (answer.reason instanceof TransactionReceiptNotFoundError) {
        waiter.checkedAt = head;
        waiter.lastError = notFound;
      } else waiter.lastError = errorMessage(answer.reason);
    });

  const tick = async () => {
    // New waiters are looked up in the same round as the head (one batched request with automine's instant blocks).
    const fresh = [...waiters].filter((waiter) => waiter.checkedAt === undefined);
    const first = await bounded(
      Promise.all([getBlockNumber(client, { cacheTime: 0 }).catch(() => undefined), lookUp(fresh)]),
    );
    const head = first === hungPoll ? undefined : first[0];
    record(fresh, first === hungPoll ? hungPoll : first[1], head);
    // The others when the head has moved since they were last looked up; without a head, all of them.
    const stale = [...waiters].filter(
      (waiter) =>
        !fresh.includes(waiter) &&
        (head === undefined || waiter.checkedAt === undefined || waiter.checkedAt < head),
    );
    if (stale.length > 0) record(stale, await bounded(lookUp(stale)), head);
  };

  // A new waiter is looked up at the next tick, without waiting out the pause (with automine it is mined already).
  let woken = false;
  let wakeUp: (() => void) | undefined;
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollingIntervalMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    if (running) return;
    running = true;
    try {
      while (waiters.size > 0) {
        woken = false;
        await tick();
        if (waiters.size > 0 && !woken) await pause();
        wakeUp = undefined;
      }
    } finally {
      running = false;
    }
  };

  return {
    wait({ hash, timeoutMs }) {
      return new Promise((resolve) => {
        const waiter: Waiter = {
          hash,
          checkedAt: undefined,
          lastError: "no poll answered",
          finish: (result) => {
            clearTimeout(deadline);
            waiters.delete(waiter);
            resolve(result);
          },
        };
        const deadline = setTimeout(
          () => waiter.finish({ status: "timeout", lastError: waiter.lastError }),
          timeoutMs,
        );
        waiters.add(waiter);
        woken = true;
        wakeUp?.();
        void run();
      });
    },
  };
}
