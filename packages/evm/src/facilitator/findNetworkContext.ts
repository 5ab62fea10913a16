import type { SchemePaymentParameters } from "@x402kit/core";
import type { NetworkContext } from "./types.js";

export type FindNetworkContextParameters = {
  payment: SchemePaymentParameters;
  /** The scheme that verifies, e.g. "exact". */
  scheme: string;
  contexts: ReadonlyMap<string, NetworkContext>;
};

export type FindNetworkContextReturnType =
  | { ok: true; context: NetworkContext }
  | { ok: false; reason: "invalid_scheme" | "invalid_network"; message: string };

/**
 * The first checks of every EVM verification (spec v2 §7.1): the requirements and the payment's `accepted` name
 * this scheme and the same network, and this facilitator serves that network.
 */
export function findNetworkContext(parameters: FindNetworkContextParameters): FindNetworkContextReturnType {
  const { payment, scheme, contexts } = parameters;
  const { payload, requirements } = payment;
  if (requirements.scheme !== scheme || payload.accepted.scheme !== scheme)
    return {
      ok: false,
      reason: "invalid_scheme",
      message: `Scheme "${payload.accepted.scheme}" is not the ${scheme} scheme.`,
    };
  if (payload.accepted.network !== requirements.network)
    return {
      ok: false,
      reason: "invalid_network",
      message: "The payment's network is not the requirements' network.",
    };
  const context = contexts.get(requirements.network);
  if (!context)
    return {
      ok: false,
      reason: "invalid_network",
      message: `This facilitator does not serve ${requirements.network}.`,
    };
  return { ok: true, context };
}
