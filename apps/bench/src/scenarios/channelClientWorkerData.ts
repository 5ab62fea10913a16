import { z } from "zod";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/) as unknown as z.ZodType<`0x${string}`>;

/** What the channel scenario hands its client worker (`channelClientWorker.ts`). */
export const channelClientWorkerDataSchema = z.object({
  implementation: z.enum(["x402kit", "reference"]),
  name: z.string(),
  rpcUrl: z.string(),
  chainId: z.number(),
  network: z.string().regex(/^eip155:\d+$/) as unknown as z.ZodType<`eip155:${number}`>,
  usdc: hex,
  url: z.string(),
  keys: z.array(hex),
  depositMultiplier: z.number(),
  count: z.number(),
});

export type ChannelClientWorkerData = z.infer<typeof channelClientWorkerDataSchema>;
