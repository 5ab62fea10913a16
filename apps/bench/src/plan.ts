/** How much work each scenario does. */
export type BenchPlan = {
  mode: "quick" | "full";
  /** Operations each implementation does off the clock before a scenario (JIT, connections, caches). */
  warmup: number;
  verify: { concurrency: number; count: number }[];
  /** `batch`: x402kit alone, its facilitator settling through X402BatchSettler (the reference has no batching). */
  /**
   * `store`: x402kit alone, on a facilitator child of its own with that store (`sqlite`: the CLI's default), one per
   * store, warmed with `storeWarmup` paid requests at its first round and kept for its later rounds. The memory and
   * SQLite figures run in short rounds, in the order memory, SQLite, SQLite, memory (four times in `full`), so that a
   * drift of the chain or of the bench process weighs on both alike.
   */
  paid: {
    mining: "automine" | "interval";
    concurrency: number;
    count: number;
    batch?: true;
    store?: "memory" | "sqlite";
    round?: number;
  }[];
  /** Paid requests, off the clock, that a store's facilitator serves before its first round (JIT, caches). */
  storeWarmup: number;
  /**
   * Exact at scale (issue 16): 1 s blocks, closed loop, N = max(4C, 256). `defaults`: x402kit as the CLI runs by
   * default, beside the reference; `throughput`: x402kit's documented high-throughput configuration, alone.
   */
  scale: { concurrency: number; count: number; setup: "defaults" | "throughput" }[];
  /** Block time for the interval-mining runs. */
  intervalMiningMs: number;
  /** Pairs of requests (bare, unpaid) and the warm-up pairs before them. */
  overhead: { count: number; warmup: number };
  createPayment: { count: number };
  /** Paid MCP tool calls over Streamable HTTP, each beside a paid HTTP request run (x402kit, automine). */
  mcp: { concurrency: number; count: number }[];
  /** Payments in the batch-settlement gas figure (and as many single settlements). */
  gas: { batchSize: number };
  /**
   * The `batch-settlement` scheme (issue 16): `pairs` paid-over-a-channel and unpaid requests at C = 1 (after
   * `warmup` pairs), `c32` paid requests at C = 32 with 1 s blocks, and `requestsPerClaim` requests per claim for the
   * gas figure.
   */
  channel: { pairs: number; warmup: number; c32: number; requestsPerClaim: number };
  /** exact on Solana (issue 15), on the local Solana chain: `POST /verify` and paid requests. */
  svm: {
    verify: { concurrency: number; count: number }[];
    paid: { concurrency: number; count: number }[];
  };
};

/** The store figures' rounds, `blocks` times ABBA (memory, SQLite, SQLite, memory): 2 x `blocks` rounds each. */
const storeRounds = (
  figure: Omit<BenchPlan["paid"][number], "store" | "round">,
  blocks: number,
): BenchPlan["paid"] =>
  Array.from({ length: blocks }, (_, block) =>
    (["memory", "sqlite", "sqlite", "memory"] as const).map((store, index) => ({
      ...figure,
      store,
      round: 2 * block + (index < 2 ? 1 : 2),
    })),
  ).flat();

/**
 * `quick` (CI): proves every scenario runs end to end, with tiny counts, well under two minutes.
 * `full`: enough operations for stable medians and p99s, within about ten minutes on two cores.
 */
export const plans: Record<BenchPlan["mode"], BenchPlan> = {
  quick: {
    mode: "quick",
    warmup: 3,
    verify: [
      { concurrency: 1, count: 4 },
      { concurrency: 16, count: 16 },
      { concurrency: 64, count: 64 },
    ],
    paid: [
      { mining: "automine", concurrency: 1, count: 2 },
      { mining: "automine", concurrency: 8, count: 8 },
      { mining: "automine", concurrency: 32, count: 32 },
      ...storeRounds({ mining: "automine", concurrency: 32, count: 16 }, 1),
      { mining: "interval", concurrency: 1, count: 2 },
      { mining: "interval", concurrency: 8, count: 8 },
      { mining: "interval", concurrency: 32, count: 32 },
      { mining: "interval", concurrency: 32, count: 32, batch: true },
    ],
    storeWarmup: 8,
    scale: [
      { concurrency: 32, count: 32, setup: "defaults" },
      { concurrency: 256, count: 256, setup: "throughput" },
    ],
    intervalMiningMs: 1_000,
    overhead: { count: 50, warmup: 10 },
    createPayment: { count: 20 },
    mcp: [
      { concurrency: 1, count: 2 },
      { concurrency: 16, count: 16 },
    ],
    gas: { batchSize: 50 },
    channel: { pairs: 5, warmup: 1, c32: 32, requestsPerClaim: 10 },
    svm: { verify: [{ concurrency: 16, count: 16 }], paid: [{ concurrency: 32, count: 32 }] },
  },
  full: {
    mode: "full",
    warmup: 30,
    verify: [
      { concurrency: 1, count: 200 },
      { concurrency: 16, count: 1_000 },
      { concurrency: 64, count: 2_000 },
    ],
    paid: [
      { mining: "automine", concurrency: 1, count: 50 },
      { mining: "automine", concurrency: 8, count: 200 },
      { mining: "automine", concurrency: 32, count: 400 },
      ...storeRounds({ mining: "automine", concurrency: 32, count: 250 }, 4),
      { mining: "interval", concurrency: 1, count: 10 },
      { mining: "interval", concurrency: 8, count: 64 },
      { mining: "interval", concurrency: 32, count: 256 },
      { mining: "interval", concurrency: 32, count: 256, batch: true },
    ],
    storeWarmup: 256,
    scale: [32, 64, 128, 256].flatMap((concurrency) =>
      (["defaults", "throughput"] as const).map((setup) => ({
        concurrency,
        count: Math.max(4 * concurrency, 256),
        setup,
      })),
    ),
    intervalMiningMs: 1_000,
    overhead: { count: 2_000, warmup: 200 },
    createPayment: { count: 500 },
    mcp: [
      { concurrency: 1, count: 50 },
      { concurrency: 16, count: 400 },
    ],
    gas: { batchSize: 50 },
    channel: { pairs: 1_000, warmup: 50, c32: 4_000, requestsPerClaim: 1_000 },
    svm: { verify: [{ concurrency: 16, count: 1_000 }], paid: [{ concurrency: 32, count: 400 }] },
  },
};
