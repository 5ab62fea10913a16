import { z } from "zod";
import { paymentRequirementsSchema } from "./v2.js";

/**
 * One resource of `GET /discovery/resources` (spec v2 §8.2). Besides the spec's fields, x402kit's facilitator
 * returns what the reference's clients read: `description`, `mimeType`, the service metadata of
 * extensions/bazaar.md (`serviceName`, `tags`, `iconUrl`) and `extensions.bazaar` (how to call it).
 */
export const discoveredResourceSchema = z.looseObject({
  resource: z.string(),
  type: z.string(),
  x402Version: z.number().int(),
  accepts: z.array(z.union([paymentRequirementsSchema, z.record(z.string(), z.unknown())])),
  /** Unix time in seconds (spec v2 §8.2); the reference's clients type it as an ISO string. */
  lastUpdated: z.union([z.number(), z.string()]),
  metadata: z.record(z.string(), z.unknown()).optional(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  serviceName: z.string().optional(),
  tags: z.array(z.string()).optional(),
  iconUrl: z.string().optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});
export type DiscoveredResource = z.infer<typeof discoveredResourceSchema>;

/** The discovery list response (spec v2 §8.1). */
export const discoveryResourcesResponseSchema = z.looseObject({
  x402Version: z.number().int(),
  items: z.array(discoveredResourceSchema),
  pagination: z.object({ limit: z.number().int(), offset: z.number().int(), total: z.number().int() }),
});
export type DiscoveryResourcesResponse = z.infer<typeof discoveryResourcesResponseSchema>;

/**
 * `GET /discovery/search` (not in the spec; the reference's `withBazaar(...).search` asks it): the matches, and a
 * cursor for the next page (`null` at the end).
 */
export const discoverySearchResponseSchema = z.looseObject({
  x402Version: z.number().int(),
  resources: z.array(discoveredResourceSchema),
  partialResults: z.boolean().optional(),
  pagination: z.object({ limit: z.number().int(), cursor: z.string().nullable() }).nullable().optional(),
});
export type DiscoverySearchResponse = z.infer<typeof discoverySearchResponseSchema>;

/** The largest page of the discovery API (spec v2 §8.1: `limit` is 1 to 100). */
export const MAX_DISCOVERY_LIMIT = 100;
/** The default page size (spec v2 §8.1). */
export const DEFAULT_DISCOVERY_LIMIT = 20;

const decimal = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `\`${name}\` must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `\`${name}\` must be at least ${min}`)
        .max(max, `\`${name}\` must be at most ${max}`),
    );

const filter = (name: string) =>
  z.string().min(1, `\`${name}\` must not be empty`).max(256, `\`${name}\` is too long`).optional();

/** The filters that both discovery routes take (the spec's `type`, and the reference's `payTo`, `scheme`, `network`, `extensions`). */
const discoveryFilters = {
  type: filter("type"),
  payTo: filter("payTo"),
  scheme: filter("scheme"),
  network: filter("network"),
  extensions: filter("extensions"),
};

/**
 * The query of `GET /discovery/resources` (spec v2 §8.1), as strings from the URL: the spec's `type`, `limit`
 * (1 to 100, default 20) and `offset`, and the filters the reference's client sends. Any other parameter is refused,
 * so that a typo is not silently ignored.
 */
export const discoveryListQuerySchema = z.strictObject({
  ...discoveryFilters,
  limit: decimal("limit", 1, MAX_DISCOVERY_LIMIT).default(DEFAULT_DISCOVERY_LIMIT),
  offset: decimal("offset", 0, 1_000_000).default(0),
});
export type DiscoveryListQuery = z.output<typeof discoveryListQuerySchema>;

/** The query of `GET /discovery/search`: `query` (words to look for), the same filters, `limit` and a `cursor`. */
export const discoverySearchQuerySchema = z.strictObject({
  ...discoveryFilters,
  query: z.string().trim().min(1, "`query` must not be empty").max(256, "`query` is too long"),
  limit: decimal("limit", 1, MAX_DISCOVERY_LIMIT).default(DEFAULT_DISCOVERY_LIMIT),
  cursor: decimal("cursor", 0, 1_000_000).default(0),
});
export type DiscoverySearchQuery = z.output<typeof discoverySearchQuerySchema>;
