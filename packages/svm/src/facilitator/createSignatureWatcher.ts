import type { Rpc, Signature, SolanaRpcApi } from "@solana/kit";

export type CreateSignatureWatcherParameters = {
  rpc: Rpc<SolanaRpcApi>;
  /** How often the statuses are asked for while a transaction waits. */
  pollingIntervalMs: number;
};

export type SignatureWaitParameters = {
  signature: string;
  timeoutMs: number;
  /** Sends the transaction again; called every `rebroadcastIntervalMs` while it has no status. */
  rebroadcast?: (() => Promise<unknown>) | undefined;
  rebroadcastIntervalMs?: number | undefined;
};

/** A transaction that landed (confirmed or finalized), with its error if it failed; or none in time. */
export type SignatureWaitReturnType =
  | { status: "landed"; err: unknown }
  | { status: "timeout"; lastError?: string | undefined };

export type SignatureWatcher = {
  wait(parameters: SignatureWaitParameters): Promise<SignatureWaitReturnType>;
  /** The number of transactions waited for now. */
  readonly size: number;
};

type Waiter = {
  signature: string;
  deadline: number;
  resolve: (outcome: SignatureWaitReturnType) => void;
  rebroadcast: (() => Promise<unknown>) | undefined;
  rebroadcastIntervalMs: number;
  nextRebroadcast: number;
};

/** getSignatureStatuses takes at most 256 signatures. */
const maxPerCall = 256;

/** The least time between two polls when a transaction waits that was never asked about. */
const firstAskGapMs = 25;

/**
 * One status poller per network: every transaction that waits for its confirmation is asked about in one
 * `getSignatureStatuses` call per round (256 at a time). A transaction never asked about is asked within
 * `firstAskGapMs` (a chain may land it at once); then every `pollingIntervalMs` while anything waits. So a burst
 * of sends still costs one call per round, and a lone send is not held for a whole interval. A status of `confirmed` or `finalized` decides; a transaction with no
 * status is sent again from time to time, as Solana clients do (a leader may drop it). RPC failures are retried
 * until the deadline.
 */
export function createSignatureWatcher(parameters: CreateSignatureWatcherParameters): SignatureWatcher {
  const { rpc, pollingIntervalMs } = parameters;
  const waiters = new Map<string, Waiter[]>();
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let lastPoll = Number.NEGATIVE_INFINITY;
  let lastError: string | undefined;
  /** Waiters added since the last round started. */
  let unasked = 0;

  const settle = (signature: string, outcome: SignatureWaitReturnType) => {
    for (const waiter of waiters.get(signature) ?? []) waiter.resolve(outcome);
    waiters.delete(signature);
  };

  function schedule(): void {
    if (timer || polling || waiters.size === 0) return;
    const gap = unasked > 0 ? Math.min(firstAskGapMs, pollingIntervalMs) : pollingIntervalMs;
    const delay = Math.max(0, lastPoll + gap - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      void poll();
    }, delay);
    timer.unref();
  }

  async function poll(): Promise<void> {
    polling = true;
    unasked = 0;
    lastPoll = performance.now();
    const signatures = [...waiters.keys()];
    try {
      for (let start = 0; start < signatures.length; start += maxPerCall) {
        const batch = signatures.slice(start, start + maxPerCall);
        try {
          const { value } = await rpc.getSignatureStatuses(batch as Signature[]).send();
          lastError = undefined;
          for (const [index, status] of value.entries())
            if (
              status &&
              (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized")
            )
              settle(batch[index]!, { status: "landed", err: status.err });
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
        }
      }
      const now = performance.now();
      for (const [signature, list] of waiters) {
        for (const waiter of list.filter((entry) => now >= entry.deadline)) {
          waiter.resolve({ status: "timeout", lastError });
          list.splice(list.indexOf(waiter), 1);
        }
        if (list.length === 0) {
          waiters.delete(signature);
          continue;
        }
        const first = list[0]!;
        if (first.rebroadcast && now >= first.nextRebroadcast) {
          first.nextRebroadcast = now + first.rebroadcastIntervalMs;
          void first.rebroadcast().catch(() => undefined);
        }
      }
    } finally {
      polling = false;
      schedule();
    }
  }

  return {
    get size() {
      return waiters.size;
    },
    wait({ signature, timeoutMs, rebroadcast, rebroadcastIntervalMs = 2_000 }) {
      return new Promise<SignatureWaitReturnType>((resolve) => {
        const now = performance.now();
        const waiter: Waiter = {
          signature,
          deadline: now + timeoutMs,
          resolve,
          rebroadcast,
          rebroadcastIntervalMs,
          nextRebroadcast: now + rebroadcastIntervalMs,
        };
        const list = waiters.get(signature);
        if (list) list.push(waiter);
        else waiters.set(signature, [waiter]);
        unasked += 1;
        if (timer && !polling) {
          // Ask sooner than the interval the pending round was planned for.
          clearTimeout(timer);
          timer = undefined;
        }
        schedule();
      });
    },
  };
}
