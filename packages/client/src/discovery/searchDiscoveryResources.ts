import { type DiscoverySearchResponse, discoverySearchResponseSchema } from "@x402kit/types";
import type { DiscoveryError } from "../errors/DiscoveryError.js";
import type { DiscoveryFilters } from "./listDiscoveryResources.js";
import { type DiscoveryRequestOptions, requestDiscovery } from "./requestDiscovery.js";

export type SearchDiscoveryResourcesParameters = DiscoveryRequestOptions &
  DiscoveryFilters & {
    /** Words that must all occur in a resource's URL, description, service name, tags, tool or method. */
    query: string;
    limit?: number | undefined;
    /** `pagination.cursor` of the previous page. */
    cursor?: string | undefined;
  };

export type SearchDiscoveryResourcesReturnType = DiscoverySearchResponse;

export type SearchDiscoveryResourcesErrorType = DiscoveryError;

/**
 * Searches a facilitator's catalog (`GET /discovery/search`, the route the reference's `withBazaar` client asks).
 *
 * ```ts
 * const { resources } = await searchDiscoveryResources({ facilitatorUrl, query: "weather forecast" });
 * ```
 */
export function searchDiscoveryResources(
  parameters: SearchDiscoveryResourcesParameters,
): Promise<SearchDiscoveryResourcesReturnType> {
  const { query, type, payTo, scheme, network, extensions, limit, cursor } = parameters;
  return requestDiscovery(
    parameters,
    "discovery/search",
    { query, type, payTo, scheme, network, extensions, limit, cursor },
    discoverySearchResponseSchema,
  );
}
