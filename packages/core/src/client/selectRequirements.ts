import type { PaymentRequirements } from "@x402kit/types";

export type SelectionPolicy = {
  /** Networks in order of preference; others come after, in the server's order. */
  networks?: readonly string[] | undefined;
  /** Schemes in order of preference. */
  schemes?: readonly string[] | undefined;
  /** Refuse requirements above this many atomic units (per request). */
  maxAmount?: bigint | undefined;
  /** A last filter, e.g. an allow-list of assets. */
  filter?: ((requirements: PaymentRequirements) => boolean) | undefined;
};

export type SelectRequirementsParameters = {
  accepts: readonly PaymentRequirements[];
  /** Whether this client can pay a requirement (it has a scheme for its scheme and network). */
  supports(requirements: PaymentRequirements): boolean;
  policy?: SelectionPolicy | undefined;
};

export type SelectRequirementsReturnType = PaymentRequirements | undefined;

const rank = (list: readonly string[] | undefined, value: string) => {
  if (!list) return 0;
  const at = list.indexOf(value);
  return at === -1 ? list.length : at;
};

/**
 * The client's choice among a 402's `accepts` (spec v2 §5.1): only what it supports and what the policy allows;
 * then the preferred scheme and network; then the server's order (its own preference).
 */
export function selectRequirements(parameters: SelectRequirementsParameters): SelectRequirementsReturnType {
  const { policy } = parameters;
  const candidates = parameters.accepts
    .map((requirements, index) => ({ requirements, index }))
    .filter(({ requirements }) => {
      if (!parameters.supports(requirements)) return false;
      if (policy?.maxAmount !== undefined && BigInt(requirements.amount) > policy.maxAmount) return false;
      return policy?.filter?.(requirements) ?? true;
    });
  candidates.sort(
    (a, b) =>
      rank(policy?.schemes, a.requirements.scheme) - rank(policy?.schemes, b.requirements.scheme) ||
      rank(policy?.networks, a.requirements.network) - rank(policy?.networks, b.requirements.network) ||
      a.index - b.index,
  );
  return candidates[0]?.requirements;
}
