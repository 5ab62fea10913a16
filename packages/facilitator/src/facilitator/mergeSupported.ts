import type { SchemeFacilitator } from "@x402kit/core";
import { caip2ToV1Network, type SupportedKind, type SupportedResponse } from "@x402kit/types";

/**
 * `GET /supported` (spec v2 §7.3) from the schemes: their kinds, plus a v1 kind for every v2 kind whose network has
 * a v1 name (the facilitator normalises v1 requests, so every scheme serves both), without duplicates; their signers
 * merged by network pattern; and the extensions that the facilitator itself implements.
 */
export function mergeSupported(
  schemes: readonly SchemeFacilitator[],
  extensions: readonly string[],
): SupportedResponse {
  const kinds = new Map<string, SupportedKind>();
  const add = (kind: SupportedKind) => {
    const key = `${kind.x402Version}\u0000${kind.scheme}\u0000${kind.network}`;
    if (!kinds.has(key)) kinds.set(key, kind);
  };
  const signers = new Map<string, Set<string>>();
  for (const scheme of schemes) {
    for (const kind of scheme.supportedKinds()) {
      add(kind);
      const v1 = kind.x402Version === 2 ? caip2ToV1Network(kind.network) : undefined;
      if (v1) add({ ...kind, x402Version: 1, network: v1 });
    }
    for (const [pattern, addresses] of Object.entries(scheme.signers())) {
      const known = signers.get(pattern) ?? new Set<string>();
      for (const address of addresses) known.add(address);
      signers.set(pattern, known);
    }
  }
  return {
    kinds: [...kinds.values()],
    extensions: [...new Set(extensions)],
    signers: Object.fromEntries([...signers].map(([pattern, addresses]) => [pattern, [...addresses]])),
  };
}
