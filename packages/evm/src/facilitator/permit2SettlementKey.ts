import type { SchemePaymentParameters } from "@x402kit/core";
import { exactEvmPermit2PayloadSchema } from "@x402kit/types";

/**
 * The key that names a Permit2 authorization (exact or upto), not its signature bytes:
 * `<network>:<asset>:<from>:<Permit2 nonce>`, lowercased, the nonce in decimal. Permit2's nonces belong to the
 * owner whatever the spender, so one key names one transfer. Undefined when the payload does not parse.
 */
export function permit2SettlementKey(parameters: SchemePaymentParameters): string | undefined {
  const parsed = exactEvmPermit2PayloadSchema.safeParse(parameters.payload.payload);
  if (!parsed.success) return undefined;
  const { network, asset } = parameters.requirements;
  const { from, nonce } = parsed.data.permit2Authorization;
  return `${network}:${asset.toLowerCase()}:${from.toLowerCase()}:${BigInt(nonce)}`;
}
