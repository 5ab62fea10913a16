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

/**
 * One status poller per network: every transaction that waits for its confirmation is asked about in one
 * `getSignatureStatuses` call per round (256 at a time), at once when the poller is idle and every
 * `pollingIntervalMs` while anything waits. A status of `confirmed` or `finalized` decides; a transaction with no
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

  const settle = (signature: string, outcome: SignatureWaitReturnType) => {
    for (const waiter of waiters.get(signature) ?? []) waiter.resolve(outcome);
    waiters.delete(signature);
  };

  function schedule(): void {
    if (timer || polling || waiters.size === 0) return;
    const delay = Math.max(0, lastPoll + pollingIntervalMs - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      void poll();
    }, delay);
    timer.unref();
  }

  async function poll(): Promise<void> {
    polling = true;
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
        schedule();
      });
    },
  };
}
