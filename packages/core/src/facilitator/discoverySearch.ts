import type { DiscoveredResourceRecord, ListDiscoveredResourcesParameters } from "./store.js";

/**
 * What a discovery search looks in, lower-cased: the URL, description, service name, tags, tool and method. Every
 * store matches search words against this one text, so that they all find the same resources.
 */
export function discoverySearchText(record: DiscoveredResourceRecord): string {
  return [
    record.resource,
    record.description,
    record.serviceName,
    ...(record.tags ?? []),
    record.tool,
    record.method,
  ]
    .filter((part): part is string => typeof part === "string" && part.length > 0)
    .join("\n")
    .toLowerCase();
}

/** The words of a search, lower-cased, at most 8: a resource matches when its text contains every one. */
export function discoverySearchWords(text: string | undefined): string[] {
  if (text === undefined) return [];
  return [...new Set(text.toLowerCase().split(/\s+/).filter(Boolean))].slice(0, 8);
}

/** Whether a record passes the filters of a list (the memory store's matcher; SQL stores say the same in SQL). */
export function matchesDiscoveryFilters(
  record: DiscoveredResourceRecord,
  parameters: ListDiscoveredResourcesParameters,
): boolean {
  const { type, payTo, scheme, network, extension } = parameters;
  if (type !== undefined && record.type !== type) return false;
  if (extension !== undefined && !record.extensions.includes(extension)) return false;
  const accepted = record.accepts.some(
    (requirements) =>
      (payTo === undefined || requirements.payTo.toLowerCase() === payTo.toLowerCase()) &&
      (scheme === undefined || requirements.scheme === scheme) &&
      (network === undefined || requirements.network === network),
  );
  if (!accepted) return false;
  const text = discoverySearchText(record);
  return discoverySearchWords(parameters.text).every((word) => text.includes(word));
}

/** Most recently updated first, then by key: a stable order for paging. */
export function compareDiscoveredResources(a: DiscoveredResourceRecord, b: DiscoveredResourceRecord): number {
  return b.lastUpdated - a.lastUpdated || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
