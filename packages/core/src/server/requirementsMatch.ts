import { addressKey, type PaymentRequirements } from "@x402kit/types";

const sameText = (a: string, b: string) => a === b || addressKey(a) === addressKey(b);

function stable(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
}

/** A canonical JSON text (sorted keys), for comparing and keying plain data. */
export const canonicalJson = stable;

export type RequirementsMatchOptions = {
  /** `extra` fields left out of the comparison: the scheme's construction hints (`SchemeDescriptor.extraHints`). */
  ignoreExtra?: readonly string[] | undefined;
};

const withoutHints = (extra: Record<string, unknown> | undefined, hints: readonly string[] | undefined) => {
  if (!extra || !hints?.length) return extra ?? {};
  const kept = { ...extra };
  for (const hint of hints) delete kept[hint];
  return kept;
};

/**
 * Whether a client's `accepted` is the offered requirement (spec v2 §5.2: `accepted` must be one of `accepts`).
 * Hex strings (addresses) compare without regard to case; everything else, `extra` included (less the scheme's
 * construction hints), must be equal.
 */
export function requirementsMatch(
  accepted: PaymentRequirements,
  offered: PaymentRequirements,
  options: RequirementsMatchOptions = {},
): boolean {
  return (
    accepted.scheme === offered.scheme &&
    accepted.network === offered.network &&
    accepted.amount === offered.amount &&
    sameText(accepted.asset, offered.asset) &&
    sameText(accepted.payTo, offered.payTo) &&
    accepted.maxTimeoutSeconds === offered.maxTimeoutSeconds &&
    sameExtra(
      withoutHints(accepted.extra, options.ignoreExtra),
      withoutHints(offered.extra, options.ignoreExtra),
    )
  );
}

/** Equal JSON texts first (the client echoes the offer, in its order: one cheap comparison), else canonical ones. */
const sameExtra = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(a) === JSON.stringify(b) || stable(a) === stable(b);
