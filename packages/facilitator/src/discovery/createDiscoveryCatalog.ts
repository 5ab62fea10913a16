import type { DiscoveredResourceRecord, DiscoveryStore } from "@x402kit/core";
import type {
  BazaarResponse,
  DiscoveredResource,
  DiscoveryListQuery,
  DiscoveryResourcesResponse,
  DiscoverySearchQuery,
  DiscoverySearchResponse,
  PaymentPayload,
  PaymentRequirements,
} from "@x402kit/types";
import type { Logger } from "pino";
import { discoveredResourceFromPayment } from "./discoveredResourceFromPayment.js";

export type CreateDiscoveryCatalogParameters = {
  store: DiscoveryStore;
  logger: Logger;
  /** Default `Date.now`. */
  now?: (() => number) | undefined;
};

export type DiscoveryCatalog = {
  /**
   * Catalogs the resource of a settled v2 payment that carries the `bazaar` extension; the outcome is the
   * extension's response (extensions/bazaar.md), `undefined` without the extension. Never throws: a failing store
   * is logged, and the payment is not affected.
   */
  catalog(payload: PaymentPayload, requirements: PaymentRequirements): Promise<BazaarResponse | undefined>;
  /** `GET /discovery/resources` (spec v2 §8.1). */
  list(query: DiscoveryListQuery): Promise<DiscoveryResourcesResponse>;
  /** `GET /discovery/search`: the words of `query` in the URL, description, service name, tags, tool or method. */
  search(query: DiscoverySearchQuery): Promise<DiscoverySearchResponse>;
};

/** A catalog record as the discovery API lists it (spec v2 §8.2, `lastUpdated` in Unix seconds). */
export function toDiscoveredResource(record: DiscoveredResourceRecord): DiscoveredResource {
  return {
    resource: record.resource,
    type: record.type,
    x402Version: record.x402Version,
    accepts: record.accepts,
    lastUpdated: Math.floor(record.lastUpdated / 1000),
    ...(record.description !== undefined ? { description: record.description } : {}),
    ...(record.mimeType !== undefined ? { mimeType: record.mimeType } : {}),
    ...(record.serviceName !== undefined ? { serviceName: record.serviceName } : {}),
    ...(record.tags !== undefined ? { tags: record.tags } : {}),
    ...(record.iconUrl !== undefined ? { iconUrl: record.iconUrl } : {}),
    extensions: { bazaar: record.bazaar },
  };
}

/** The facilitator's discovery catalog (extensions/bazaar.md, spec v2 §8) over a `DiscoveryStore`. */
export function createDiscoveryCatalog(parameters: CreateDiscoveryCatalogParameters): DiscoveryCatalog {
  const { store, logger } = parameters;
  const now = parameters.now ?? Date.now;
  const filters = (query: DiscoveryListQuery | DiscoverySearchQuery) => ({
    type: query.type,
    payTo: query.payTo,
    scheme: query.scheme,
    network: query.network,
    extension: query.extensions,
  });

  return {
    async catalog(payload, requirements) {
      if (payload.extensions?.bazaar === undefined) return undefined;
      try {
        let outcome = discoveredResourceFromPayment({ payload, requirements, now: now() });
        if (outcome.status === "valid") {
          const existing = await store.getDiscoveredResource(outcome.record.key);
          if (existing)
            outcome = discoveredResourceFromPayment({ payload, requirements, existing, now: now() });
        }
        if (outcome.status === "absent") return undefined;
        if (outcome.status === "rejected") {
          logger.debug(
            { reason: outcome.reason, resource: payload.resource?.url?.slice(0, 200) },
            "discovery rejected",
          );
          return { status: "rejected", rejectedReason: outcome.reason };
        }
        await store.putDiscoveredResource(outcome.record);
        return { status: "success" };
      } catch (error) {
        logger.warn({ err: error }, "cannot catalog a discovered resource");
        return { status: "rejected", rejectedReason: "The facilitator could not store the resource." };
      }
    },

    async list(query) {
      const { items, total } = await store.listDiscoveredResources({
        ...filters(query),
        limit: query.limit,
        offset: query.offset,
      });
      return {
        x402Version: 2,
        items: items.map(toDiscoveredResource),
        pagination: { limit: query.limit, offset: query.offset, total },
      };
    },

    async search(query) {
      const { items, total } = await store.listDiscoveredResources({
        ...filters(query),
        text: query.query,
        limit: query.limit,
        offset: query.cursor,
      });
      const next = query.cursor + items.length;
      return {
        x402Version: 2,
        resources: items.map(toDiscoveredResource),
        partialResults: false,
        pagination: { limit: query.limit, cursor: next < total ? String(next) : null },
      };
    },
  };
}
