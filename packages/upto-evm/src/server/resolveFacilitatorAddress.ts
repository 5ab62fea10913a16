import type { FacilitatorLike } from "@x402kit/core";
import { evmAddressSchema, matchesNetworkPattern, type SupportedResponse } from "@x402kit/types";
import { type Address, getAddress } from "viem";

export type ResolveFacilitatorAddressParameters = {
  supported: SupportedResponse;
  network: string;
};

/**
 * The address that the facilitator settles upto payments from, on `network`, as `GET /supported` announces it
 * (scheme_upto_evm.md phase 2, "Facilitator Address Discovery"): the `extra.facilitatorAddress` of the matching
 * `upto` kind, else the first of its `signers` for the network (spec v2 §7.3). Undefined when it announces none.
 */
export function resolveFacilitatorAddress(
  parameters: ResolveFacilitatorAddressParameters,
): Address | undefined {
  const { supported, network } = parameters;
  const kind = supported.kinds.find(
    (k) =>
      k.x402Version === 2 &&
      k.scheme === "upto" &&
      matchesNetworkPattern(network, k.network) &&
      evmAddressSchema.safeParse(k.extra?.facilitatorAddress).success,
  );
  if (kind) return getAddress(kind.extra!.facilitatorAddress as string);
  if (!supported.kinds.some((k) => k.scheme === "upto" && matchesNetworkPattern(network, k.network)))
    return undefined;
  for (const [pattern, addresses] of Object.entries(supported.signers))
    if (matchesNetworkPattern(network, pattern)) {
      const address = addresses.find((a) => evmAddressSchema.safeParse(a).success);
      if (address) return getAddress(address);
    }
  return undefined;
}

/** What the server needs of a facilitator to learn its address: `GET /supported`. */
export type FacilitatorDirectory = Pick<FacilitatorLike, "supported">;
