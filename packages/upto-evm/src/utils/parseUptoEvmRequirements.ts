import { type ExactEvmRequirements, parseExactEvmRequirements } from "@x402kit/evm";
import type { PaymentRequirements } from "@x402kit/types";
import { type Address, getAddress } from "viem";
import { uptoEvmExtraSchema } from "../schemas.js";

export type UptoEvmRequirements = Omit<ExactEvmRequirements, "method"> & {
  /** `extra.facilitatorAddress`: the facilitator that the client binds the authorization to. */
  facilitator: Address | undefined;
};

export type ParseUptoEvmRequirementsReturnType =
  | { ok: true; requirements: UptoEvmRequirements }
  | { ok: false; code: "invalid_network" | "invalid_payment_requirements"; message: string };

/**
 * Reads upto EVM requirements into typed values: chain id, checksummed `asset` and `payTo`, the amount (the maximum
 * at verification, the amount to settle at settlement), the token's EIP-712 domain and `extra.facilitatorAddress`.
 * Never throws.
 */
export function parseUptoEvmRequirements(
  requirements: PaymentRequirements,
): ParseUptoEvmRequirementsReturnType {
  const base = parseExactEvmRequirements({ ...requirements, extra: {} });
  if (!base.ok) return base;
  const extra = uptoEvmExtraSchema.safeParse(requirements.extra ?? {});
  if (!extra.success)
    return {
      ok: false,
      code: "invalid_payment_requirements",
      message: `\`extra\` is not valid upto EVM extra: ${extra.error.issues[0]?.path.join(".")} ${extra.error.issues[0]?.message}.`,
    };
  const { name, version, facilitatorAddress } = extra.data;
  const { method: _method, ...rest } = base.requirements;
  return {
    ok: true,
    requirements: {
      ...rest,
      domain: name && version ? { name, version } : undefined,
      facilitator: facilitatorAddress ? getAddress(facilitatorAddress) : undefined,
    },
  };
}
