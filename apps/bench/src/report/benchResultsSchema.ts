import { z } from "zod";

const implementationName = z.enum(["x402kit", "reference"]);

export const measurementSchema = z.object({
  name: z.string(),
  concurrency: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  successes: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  median: z.number().nullable(),
  p99: z.number().nullable(),
  throughput: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  errors: z.array(z.object({ message: z.string(), count: z.number().int().positive() })),
});

/** Whether the chain moved exactly what the successful paid requests paid (atomic units, decimal strings). */
export const balanceCheckSchema = z.object({
  expected: z.string(),
  buyerPaid: z.string(),
  payToReceived: z.string(),
  exact: z.boolean(),
});

/** One implementation's side of a figure: a measurement, or why there is none. */
export const figureResultSchema = z.union([
  measurementSchema.extend({
    balances: balanceCheckSchema.optional(),
    /** Peak RSS of the facilitator child during this figure, in MB. */
    facilitatorPeakRssMb: z.number().optional(),
    /**
     * CPU time (user + system) per successful request during the measurement, in ms, of the bench process (clients
     * and resource server), the facilitator child and the chain's node (Linux only; paid figures).
     */
    cpuMsPerRequest: z
      .object({
        bench: z.number(),
        facilitator: z.number(),
        node: z.number().optional(),
        /** The bench's split by thread, when the clients run in a worker: the server's thread and the clients'. */
        server: z.number().optional(),
        clients: z.number().optional(),
      })
      .optional(),
  }),
  z.object({ error: z.string() }),
]);

export const figureSchema = z.object({
  scenario: z.enum(["verify", "paid", "scale", "overhead", "createPayment", "mcp", "channel", "svm"]),
  name: z.string(),
  parameters: z.record(z.string(), z.union([z.string(), z.number()])),
  results: z.partialRecord(implementationName, figureResultSchema),
  /** x402kit / reference; null when either side has no number (or the reference's is 0). */
  ratio: z.object({ throughput: z.number().nullable(), median: z.number().nullable() }),
});

export const overheadSchema = z.object({
  /** Median of the same route without payment middleware, in ms. */
  bareMedian: z.number().nullable(),
  /** Median of the 402 for the unpaid request, in ms. */
  unpaidMedian: z.number().nullable(),
  /** Median of the per-pair differences (402 minus bare; requests go in pairs), in ms. */
  overheadMedian: z.number().nullable(),
});

export const memorySchema = z.object({
  /** RSS of the facilitator child once it listens, before any load, in MB. */
  idleRssMb: z.number().nullable(),
  /** Peak RSS during the verify scenario, in MB. */
  peakRssVerifyMb: z.number().nullable(),
  /** Peak RSS during the paid-request scenario, in MB. */
  peakRssPaidMb: z.number().nullable(),
});

/** Gas per payment of x402kit's settlements, one transaction each and in one X402BatchSettler batch. */
export const gasSchema = z.object({
  batchSize: z.number().int().positive(),
  singleGasPerPayment: z.number().int().positive(),
  batchedGasPerPayment: z.number().int().positive(),
  /** How much less gas a batched payment takes, in percent of a single one. */
  savingPercent: z.number(),
});

/** The `batch-settlement` scheme's figures beside the channel rows (issue 16). */
export const channelSchema = z.object({
  /** Median of the per-pair differences (a paid request over an open channel minus the same route unpaid), in ms. */
  overheadMedian: z.number().nullable(),
  /** Gas of every transaction (deposit, claim, sweep) divided by the requests paid, at `requestsPerClaim`. */
  gasPerRequest: z.number().nullable(),
  requestsPerClaim: z.number().int().positive(),
  error: z.string().optional(),
});

export const targetSchema = z.object({
  id: z.string(),
  description: z.string(),
  target: z.string(),
  value: z.number().nullable(),
  /** null: not measured (yet). */
  met: z.boolean().nullable(),
  note: z.string(),
});

export const benchResultsSchema = z.object({
  schema: z.literal("x402kit-bench/1"),
  mode: z.enum(["quick", "full"]),
  startedAt: z.string(),
  durationMs: z.number(),
  machine: z.object({
    nproc: z.number(),
    cpuModel: z.string(),
    totalMemoryGb: z.number(),
    freeMemoryGb: z.number(),
    node: z.string(),
    platform: z.string(),
    /**
     * Before each scenario and at the end (`end`): µs per viem `keccak256` of 160 bytes on one thread, lower is faster
     * (harness/probeCpuSpeed.ts). Absent in results before 3 December 2026 14:45 UTC.
     */
    cpuProbe: z.array(z.object({ scenario: z.string(), usPerHash: z.number() })).optional(),
  }),
  implementations: z.partialRecord(
    implementationName,
    z.object({ version: z.string(), error: z.string().optional() }),
  ),
  figures: z.array(figureSchema),
  overhead: z.partialRecord(implementationName, overheadSchema),
  memory: z.partialRecord(implementationName, memorySchema),
  gas: gasSchema.optional(),
  channels: z.partialRecord(implementationName, channelSchema).optional(),
  targets: z.array(targetSchema),
});

export type Measurement = z.infer<typeof measurementSchema>;
export type BalanceCheck = z.infer<typeof balanceCheckSchema>;
export type FigureResult = z.infer<typeof figureResultSchema>;
export type Figure = z.infer<typeof figureSchema>;
export type Overhead = z.infer<typeof overheadSchema>;
export type FacilitatorMemoryFigure = z.infer<typeof memorySchema>;
export type GasFigure = z.infer<typeof gasSchema>;
export type ChannelFigure = z.infer<typeof channelSchema>;
export type Target = z.infer<typeof targetSchema>;
export type BenchResults = z.infer<typeof benchResultsSchema>;
