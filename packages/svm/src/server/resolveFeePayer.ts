import type { FacilitatorLike } from "@x402kit/core";
import { matchesNetworkPattern, type SupportedResponse, svmAddressSchema } from "@x402kit/types";

export type ResolveFeePayerParameters = { supported: SupportedResponse; network: string };

/** What the server needs of a facilitator to learn its fee payer: `GET /supported`. */
export type FacilitatorDirectory = Pick<FacilitatorLike, "supported">;

/**
 * The fee payer that the facilitator announces for exact payments on `network` (scheme_exact_svm.md: the
 * facilitator's address in `extra.feePayer`): the `extra.feePayer` of the matching v2 `exact` kind, else the first
 * Solana address of its `signers` for the network (spec v2 §7.3). Undefined when it announces none.
 */
export function resolveFeePayer(parameters: ResolveFeePayerParameters): string | undefined {
  const { supported, network } = parameters;
  const matching = supported.kinds.filter(
    (kind) =>
      kind.x402Version === 2 && kind.scheme === "exact" && matchesNetworkPattern(network, kind.network),
  );
  const announced = matching.find((kind) => svmAddressSchema.safeParse(kind.extra?.feePayer).success);
  if (announced) return announced.extra!.feePayer as string;
  if (matching.length === 0) return undefined;
  for (const [pattern, addresses] of Object.entries(supported.signers))
    if (matchesNetworkPattern(network, pattern)) {
      const address = addresses.find((candidate) => svmAddressSchema.safeParse(candidate).success);
      if (address) return address;
    }
  return undefined;
}
