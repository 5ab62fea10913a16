import { z } from "zod";
import { paymentRequirementsSchema } from "./v2.js";

/** One resource of `GET /discovery/resources` (spec v2 §8.2). */
export const discoveredResourceSchema = z.looseObject({
  resource: z.string(),
  type: z.string(),
  x402Version: z.number().int(),
  accepts: z.array(z.union([paymentRequirementsSchema, z.record(z.string(), z.unknown())])),
  lastUpdated: z.number(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type DiscoveredResource = z.infer<typeof discoveredResourceSchema>;

/** The discovery list response (spec v2 §8.1). */
export const discoveryResourcesResponseSchema = z.looseObject({
  x402Version: z.number().int(),
  items: z.array(discoveredResourceSchema),
  pagination: z.object({ limit: z.number().int(), offset: z.number().int(), total: z.number().int() }),
});
export type DiscoveryResourcesResponse = z.infer<typeof discoveryResourcesResponseSchema>;
