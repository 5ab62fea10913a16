import { type DiscoveryResourcesResponse, discoveryResourcesResponseSchema } from "@x402kit/types";
import type { DiscoveryError } from "../errors/DiscoveryError.js";
import { type DiscoveryRequestOptions, requestDiscovery } from "./requestDiscovery.js";

export type DiscoveryFilters = {
  /** "http" or "mcp". */
  type?: string | undefined;
  /** Resources paid to this address. */
  payTo?: string | undefined;
  /** Resources payable with this scheme, e.g. "exact". */
  scheme?: string | undefined;
  /** Resources payable on this network (CAIP-2). */
  network?: string | undefined;
  /** Resources whose 402 offers this extension, e.g. "sign-in-with-x". */
  extensions?: string | undefined;
};

export type ListDiscoveryResourcesParameters = DiscoveryRequestOptions &
  DiscoveryFilters & {
    /** 1 to 100; default 20. */
    limit?: number | undefined;
    offset?: number | undefined;
  };

export type ListDiscoveryResourcesReturnType = DiscoveryResourcesResponse;

export type ListDiscoveryResourcesErrorType = DiscoveryError;

/**
 * Lists the resources a facilitator has catalogued (`GET /discovery/resources`, spec v2 §8.1), filtered and paged.
 * Each item says how to pay (`accepts`) and how to call it (`extensions.bazaar.info`).
 *
 * ```ts
 * const { items } = await listDiscoveryResources({ facilitatorUrl, type: "http", network: "eip155:8453" });
 * ```
 */
export function listDiscoveryResources(
  parameters: ListDiscoveryResourcesParameters,
): Promise<ListDiscoveryResourcesReturnType> {
  const { type, payTo, scheme, network, extensions, limit, offset } = parameters;
  return requestDiscovery(
    parameters,
    "discovery/resources",
    { type, payTo, scheme, network, extensions, limit, offset },
    discoveryResourcesResponseSchema,
  );
}
