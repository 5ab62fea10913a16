import type { SchemePaymentParameters } from "@x402kit/core";
import { uptoEvmPayloadSchema } from "../schemas.js";

/**
 * The key that names an upto authorization, not its signature bytes: `<network>:<asset>:<from>:<Permit2 nonce>`,
 * lowercased, the nonce in decimal. Undefined when the payload does not parse.
 */
export function uptoEvmSettlementKey(parameters: SchemePaymentParameters): string | undefined {
  const parsed = uptoEvmPayloadSchema.safeParse(parameters.payload.payload);
  if (!parsed.success) return undefined;
  const { network, asset } = parameters.requirements;
  const { from, nonce } = parsed.data.permit2Authorization;
  return `${network}:${asset.toLowerCase()}:${from.toLowerCase()}:${BigInt(nonce)}`;
}
