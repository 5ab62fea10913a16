import type { SchemePaymentParameters } from "@x402kit/core";
import { exactEvmEip3009PayloadSchema } from "@x402kit/types";
import { permit2SettlementKey } from "./permit2SettlementKey.js";

/**
 * The key that names an exact authorization, not its signature bytes: `<network>:<asset>:<from>:<nonce>`,
 * lowercased; the nonce is EIP-3009's bytes32, or Permit2's uint256 in decimal. Undefined when the payload does not
 * parse.
 */
export function exactEvmSettlementKey(parameters: SchemePaymentParameters): string | undefined {
  const parsed = exactEvmEip3009PayloadSchema.safeParse(parameters.payload.payload);
  if (!parsed.success) return permit2SettlementKey(parameters);
  const { network, asset } = parameters.requirements;
  const { from, nonce } = parsed.data.authorization;
  return `${network}:${asset.toLowerCase()}:${from.toLowerCase()}:${nonce.toLowerCase()}`;
}
