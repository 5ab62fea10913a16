import type { SchemeFacilitator } from "@x402kit/core";
import type { SupportedKind, SupportedResponse } from "@x402kit/types";

/**
 * `GET /supported` (spec v2 §7.3) from the schemes: their kinds without duplicates (a scheme declares v1 support
 * by listing its v1 kinds itself, as exact does; upto is v2 only), their signers merged by network pattern, and the
 * extensions that the facilitator itself implements plus those the schemes declare (e.g. `eip2612GasSponsoring`).
 */
export function mergeSupported(
  schemes: readonly SchemeFacilitator[],
  extensions: readonly string[],
): SupportedResponse {
  const kinds = new Map<string, SupportedKind>();
  const signers = new Map<string, Set<string>>();
  const implemented = new Set(extensions);
  for (const scheme of schemes) {
    for (const kind of scheme.supportedKinds()) {
      const key = `${kind.x402Version}\u0000${kind.scheme}\u0000${kind.network}`;
      if (!kinds.has(key)) kinds.set(key, kind);
    }
    for (const [pattern, addresses] of Object.entries(scheme.signers())) {
      const known = signers.get(pattern) ?? new Set<string>();
      for (const address of addresses) known.add(address);
      signers.set(pattern, known);
    }
    for (const extension of scheme.extensions?.() ?? []) implemented.add(extension);
  }
  return {
    kinds: [...kinds.values()],
    extensions: [...implemented],
    signers: Object.fromEntries([...signers].map(([pattern, addresses]) => [pattern, [...addresses]])),
  };
}
