import { matchesNetworkPattern } from "@x402kit/types";
import type { SchemeDescriptor } from "../schemes/types.js";

export type SchemeRegistry<scheme extends SchemeDescriptor> = {
  /** The implementation for a scheme on a network: exact network ids win over wildcards, then the first listed. */
  find(scheme: string, network: string): scheme | undefined;
  list(): readonly scheme[];
};

/**
 * A registry of one side of the schemes (client, server or facilitator), keyed by scheme name and network pattern.
 * Protocol versions are handled by normalising v1 messages to v2 before lookup (see `versions/`).
 */
export function createSchemeRegistry<scheme extends SchemeDescriptor>(
  schemes: readonly scheme[],
): SchemeRegistry<scheme> {
  const cache = new Map<string, scheme | undefined>();
  return {
    find(name, network) {
      const key = `${name}\u0000${network}`;
      if (cache.has(key)) return cache.get(key);
      let found: scheme | undefined;
      for (const candidate of schemes) {
        if (candidate.scheme !== name) continue;
        if (candidate.networks.includes(network)) {
          found = candidate;
          break;
        }
        if (!found && candidate.networks.some((pattern) => matchesNetworkPattern(network, pattern)))
          found = candidate;
      }
      if (cache.size < 1024) cache.set(key, found);
      return found;
    },
    list: () => schemes,
  };
}
