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
  /**
   * The longest pause between two looks at the chain's head; also the pause while the chain's block time is not
   * known yet.
   */
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
/** How many recent block intervals the block time is the median of. */
const intervalsKept = 9;
/** The shortest pause between two looks at the head. */
const minStepMs = 20;

/**
 * Watches a chain's head for every settlement waiting for its receipt (issue 5): `eth_blockNumber` while anyone
 * waits, and the receipts of all waiting transactions in one batched round each time the head moves, instead of one
 * receipt poll per transaction per interval. A new waiter is looked up at once. Every failure (transport, JSON-RPC,
 * not found yet) is a poll to try again, never an answer: a transient RPC error must not turn a transaction mined a
 * moment later into a pending settlement (docs/reliability.md, bug 5). Each waiter has its own deadline, which a
 * hung poll cannot delay.
 *
 * The watch follows the chain's rhythm (issue 16): it learns the block time from the head's moves (the median of the
 * recent intervals) and, instead of a fixed pause, sleeps until shortly before the next block is due and then looks
 * every twentieth of a block, so that a receipt is read a small fraction of a block after its block appears, with a
 * few calls per block. A block that does not come within a block time of when it was due brings back the long pause.
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

  // The block time (from the head's recent moves), when the head last moved, and whether that moment is known to
  // within a step (the look before it was a step earlier), which makes the next block's time predictable.
  const intervals: number[] = [];
  let seen: { head: bigint; at: number; precise: boolean } | undefined;
  let lookedAt: number | undefined;
  const blockTime = () => {
    if (intervals.length < 3) return undefined;
    const sorted = [...intervals].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const stepOf = (block: number) => Math.min(pollingIntervalMs, Math.max(minStepMs, block / 20));
  const observe = (head: bigint | undefined) => {
    const at = performance.now();
    const previousLook = lookedAt;
    lookedAt = at;
    if (head === undefined) return;
    if (seen === undefined || head < seen.head) {
      seen = { head, at, precise: false };
      return;
    }
    if (head === seen.head) return;
    intervals.push((at - seen.at) / Number(head - seen.head));
    if (intervals.length > intervalsKept) intervals.shift();
    const block = blockTime();
    const precise =
      block !== undefined && previousLook !== undefined && at - previousLook <= 2 * stepOf(block);
    seen = { head, at, precise };
  };
  /** How long to wait before the next look at the head. */
  const nextLookIn = () => {
    const block = blockTime();
    if (block === undefined || seen === undefined) return pollingIntervalMs;
    const step = stepOf(block);
    // Not knowing when the last block came, look every step until the next one shows when they come.
    if (!seen.precise) return step;
    const since = performance.now() - seen.at;
    if (since < block - 2 * step) return Math.min(pollingIntervalMs, block - 2 * step - since);
    if (since < 2 * block) return step;
    // Long overdue: the chain is not producing at its usual pace.
    return pollingIntervalMs;
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
    observe(head);
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
      const timer = setTimeout(resolve, nextLookIn());
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
