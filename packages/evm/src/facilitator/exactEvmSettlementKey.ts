import type { SchemePaymentParameters } from "@x402kit/core";
import { exactEvmEip3009PayloadSchema } from "@x402kit/types";

/**
 * The key that names an EIP-3009 authorization, not its signature bytes:
 * `<network>:<asset>:<from>:<nonce>`, lowercased. Undefined when the payload does not parse.
 */
export function exactEvmSettlementKey(parameters: SchemePaymentParameters): string | undefined {
  const parsed = exactEvmEip3009PayloadSchema.safeParse(parameters.payload.payload);
  if (!parsed.success) return undefined;
  const { network, asset } = parameters.requirements;
  const { from, nonce } = parsed.data.authorization;
  return `${network}:${asset.toLowerCase()}:${from.toLowerCase()}:${nonce.toLowerCase()}`;
}
