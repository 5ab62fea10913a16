import { z } from "zod";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/) as unknown as z.ZodType<`0x${string}`>;

/** What `runPaidFigure` hands its client worker (`paidClientWorker.ts`): whose client, for which chain and key. */
export const paidClientWorkerDataSchema = z.object({
  implementation: z.enum(["x402kit", "reference"]),
  chain: z.object({
    rpcUrl: z.string(),
    chainId: z.number(),
    network: z.string().regex(/^eip155:\d+$/) as unknown as z.ZodType<`eip155:${number}`>,
    usdc: z.object({ address: hex, name: z.string(), version: z.string(), decimals: z.number() }),
  }),
  privateKey: hex,
});

export type PaidClientWorkerData = z.infer<typeof paidClientWorkerDataSchema>;

/** What the parent asks of the worker: `warmup` requests at once, or a closed loop measured. */
export const paidClientWorkerRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("warmup"), url: z.string(), count: z.number() }),
  z.object({
    type: z.literal("measure"),
    url: z.string(),
    name: z.string(),
    concurrency: z.number(),
    count: z.number(),
  }),
]);

export type PaidClientWorkerRequest = z.infer<typeof paidClientWorkerRequestSchema>;
