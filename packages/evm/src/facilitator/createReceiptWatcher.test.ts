import { createClient, custom, type Hash } from "viem";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createReceiptWatcher } from "./createReceiptWatcher.js";

const hashOf = (byte: string) => `0x${byte.repeat(32)}` as Hash;
const hash = hashOf("ab");
const receiptOf = (transactionHash: Hash) => ({
  transactionHash,
  transactionIndex: "0x0",
  blockHash: `0x${"cd".repeat(32)}`,
  blockNumber: "0x10",
  from: `0x${"11".repeat(20)}`,
  to: `0x${"22".repeat(20)}`,
  cumulativeGasUsed: "0x5208",
  gasUsed: "0x5208",
  effectiveGasPrice: "0x1",
  contractAddress: null,
  logs: [],
  logsBloom: `0x${"00".repeat(256)}`,
  status: "0x1",
  type: "0x2",
});

type Answer = "error" | "hang" | "missing" | "mined";

/**
 * A node: `eth_getTransactionReceipt` answers `answers[i]` on the i-th receipt call (the last one after), or, given
 * `mined`, a receipt for the hashes in it; `eth_blockNumber` answers `head()`. Counts both.
 */
function node(options: { answers?: Answer[]; head?: () => number; mined?: Set<Hash> }) {
  const { answers = ["missing"], head = () => 1, mined } = options;
  let receiptCalls = 0;
  let headCalls = 0;
  const client = createClient({
    transport: custom(
      {
        request: async ({ method, params }: { method: string; params?: unknown }) => {
          if (method === "eth_blockNumber") {
            headCalls++;
            return `0x${head().toString(16)}`;
          }
          if (method !== "eth_getTransactionReceipt") throw new Error(`unexpected ${method}`);
          const asked = (params as [Hash])[0];
          receiptCalls++;
          if (mined) return mined.has(asked) ? receiptOf(asked) : null;
          const answer = answers[Math.min(receiptCalls - 1, answers.length - 1)];
          if (answer === "error") throw new Error("upstream RPC failure");
          if (answer === "hang") return new Promise(() => {});
          return answer === "mined" ? receiptOf(asked) : null;
        },
      },
      { retryCount: 0 },
    ),
  });
  return { client, receiptCalls: () => receiptCalls, headCalls: () => headCalls };
}

describe("createReceiptWatcher", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("polls through RPC errors and 'not found yet' until the receipt comes (docs/reliability.md, bug 5)", async () => {
    let block = 1;
    const { client, receiptCalls } = node({
      answers: ["error", "missing", "error", "mined"],
      head: () => block++,
    });
    const watcher = createReceiptWatcher({ client, pollingIntervalMs: 10 });
    const waited = await watcher.wait({ hash, timeoutMs: 2_000 });
    expect(waited.status).toBe("mined");
    if (waited.status === "mined")
      expect(waited.receipt).toMatchObject({ transactionHash: hash, status: "success" });
    expect(receiptCalls()).toBe(4);
  });

  // The deadlines below run on a fake clock: the wait must be over once the clock reaches its deadline, whatever the
  // machine's load (no wall-clock bound).
  it("answers a timeout with the last failure when every poll fails", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
    const { client, receiptCalls } = node({ answers: ["error"] });
    const watcher = createReceiptWatcher({ client, pollingIntervalMs: 20 });
    let waited: unknown;
    void watcher.wait({ hash, timeoutMs: 200 }).then((answer) => {
      waited = answer;
    });
    await vi.advanceTimersByTimeAsync(199);
    expect(waited).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(waited).toEqual({ status: "timeout", lastError: "An unknown RPC error occurred." });
    expect(receiptCalls()).toBeGreaterThan(2);
  });

  it("ends a wait at its deadline even when a poll hangs", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
    const { client } = node({ answers: ["hang"] });
    const watcher = createReceiptWatcher({ client, pollingIntervalMs: 10 });
    let waited: unknown;
    void watcher.wait({ hash, timeoutMs: 150 }).then((answer) => {
      waited = answer;
    });
    await vi.advanceTimersByTimeAsync(149);
    expect(waited).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(waited).toEqual({ status: "timeout", lastError: "no poll answered" });
  });

  it("looks for the receipts again only when the head moves, all of them in one round", async () => {
    let block = 1;
    const mined = new Set<Hash>();
    const { client, receiptCalls, headCalls } = node({ head: () => block, mined });
    const watcher = createReceiptWatcher({ client, pollingIntervalMs: 5 });
    const hashes = ["01", "02", "03"].map(hashOf);
    const waits = hashes.map((one) => watcher.wait({ hash: one, timeoutMs: 5_000 }));
    // Each was looked up on arrival; the head has not moved since, however often it was read (wait for the reads,
    // not for a time: on a loaded machine 100 ms may hold only a few).
    await vi.waitFor(() => expect(headCalls()).toBeGreaterThan(5), { timeout: 10_000, interval: 5 });
    expect(receiptCalls()).toBe(3);
    for (const one of hashes) mined.add(one);
    block = 2;
    const answers = await Promise.all(waits);
    expect(answers.map((answer) => answer.status)).toEqual(["mined", "mined", "mined"]);
    expect(receiptCalls()).toBe(6);
  });

  it("looks a new waiter up at once, without waiting out the pause", async () => {
    const { client } = node({ mined: new Set([hash]) });
    const watcher = createReceiptWatcher({ client, pollingIntervalMs: 60_000 });
    const other = watcher.wait({ hash: hashOf("99"), timeoutMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Answered before the other waiter's deadline: the pause (60 s) was not waited out.
    const first = await Promise.race([
      watcher.wait({ hash, timeoutMs: 2_000 }).then((answer) => answer.status),
      other.then(() => "the other waiter timed out first"),
    ]);
    expect(first).toBe("mined");
    expect(await other).toEqual({ status: "timeout", lastError: "the transaction is not mined yet" });
  });

  describe("on a chain with a steady block time", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("reads a receipt within a twentieth of a block after its block, with a few looks per block", async () => {
      // A fake clock: a block every second (like Hardhat's interval mining), out of step with the 500 ms pause; the
      // transaction is in block 6, out at 5 630 ms.
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
      const blockMs = 1_000;
      const head = () => Math.floor((performance.now() + 370) / blockMs);
      const mined = new Set<Hash>();
      const { client, headCalls } = node({ head, mined });
      const watcher = createReceiptWatcher({ client, pollingIntervalMs: 500 });
      let answeredAt: number | undefined;
      const waited = watcher.wait({ hash, timeoutMs: 60_000 }).then((answer) => {
        answeredAt = performance.now();
        return answer;
      });
      // The receipt is served from the middle of block 5, but looked for only once the head has moved (to 6).
      await vi.advanceTimersByTimeAsync(5_100);
      mined.add(hash);
      await vi.advanceTimersByTimeAsync(529);
      expect(answeredAt).toBeUndefined();
      const looksBefore = headCalls();
      await vi.advanceTimersByTimeAsync(500);
      expect((await waited).status).toBe("mined");
      // A fixed 500 ms pause would answer 370 ms late here; this watch within a step (50 ms) of the block.
      expect(answeredAt! - 5_630).toBeLessThanOrEqual(blockMs / 20 + 10);
      // Learning the rhythm takes a few blocks at the long pause; then a few looks per block, around its time.
      expect(looksBefore).toBeLessThan(6 * 8);
      expect(headCalls() - looksBefore).toBeLessThanOrEqual(3);
    });
  });
});
