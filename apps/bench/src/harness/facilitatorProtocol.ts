import { z } from "zod";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/) as unknown as z.ZodType<`0x${string}`>;

/** An EVM facilitator child: the chain, the gas account's key, x402kit's options. */
const evmChildConfigSchema = z.object({
  implementation: z.enum(["x402kit", "reference"]),
  privateKey: hex,
  batchSettler: hex.optional(),
  x402kit: z
    .object({
      store: z.enum(["memory", "sqlite"]),
      pollingIntervalMs: z.number().int().positive().optional(),
      moreSignerKeys: z.array(hex).optional(),
      batchMaxWaitMs: z.number().int().nonnegative().optional(),
    })
    .optional(),
  chain: z.object({
    rpcUrl: z.string().url(),
    chainId: z.number().int().positive(),
    network: z.string().regex(/^eip155:\d+$/) as unknown as z.ZodType<`eip155:${number}`>,
    usdc: z.object({ address: hex, name: z.string(), version: z.string(), decimals: z.number().int() }),
  }),
});

/** A Solana facilitator child (exact on Solana): the local Solana chain and the fee payer's secret key. */
const svmChildConfigSchema = z.object({
  implementation: z.enum(["x402kit", "reference"]),
  svm: z.object({
    chain: z.object({
      rpcUrl: z.string().url(),
      network: z.string().regex(/^solana:\w+$/) as unknown as z.ZodType<`solana:${string}`>,
      usdc: z.object({ address: z.string(), decimals: z.number().int() }),
    }),
    feePayerSecretKey: z.string().min(1),
  }),
});

/** What the parent hands a facilitator child, in the `BENCH_FACILITATOR` environment variable (JSON). */
export const facilitatorChildConfigSchema = z.union([svmChildConfigSchema, evmChildConfigSchema]);
export type FacilitatorChildConfig = z.infer<typeof facilitatorChildConfigSchema>;

/** Parent to child. */
export const parentMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("memory"), id: z.number() }),
  z.object({ type: z.literal("resetPeak"), id: z.number() }),
  z.object({ type: z.literal("stop"), id: z.number() }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

/** Resident set size now and its peak since start (or since the last `resetPeak`), in bytes. */
export const memorySchema = z.object({ rss: z.number(), peakRss: z.number() });
export type FacilitatorMemory = z.infer<typeof memorySchema>;

/** Child to parent. */
export const childMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), url: z.string().url(), memory: memorySchema }),
  z.object({ type: z.literal("failed"), message: z.string() }),
  z.object({ type: z.literal("reply"), id: z.number(), memory: memorySchema }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;

/** The environment variable that carries the child's config. */
export const facilitatorConfigEnv = "BENCH_FACILITATOR";
