import { exactEvmPermit2PayloadSchema, type PaymentPayload } from "@x402kit/types";
import { getAddress } from "viem";
import { readPermit2NonceUsed } from "./readPermit2NonceUsed.js";
import type { ResolveSettlementBroadcastParameters } from "./resolveSettlementBroadcast.js";

/**
 * A Permit2 payment's authorization as `resolveSettlementBroadcast` asks after it: the payer, and whether Permit2
 * has its nonce marked used. Undefined when the payload is not a Permit2 authorization.
 */
export function permit2AuthorizationState(
  payload: PaymentPayload,
): ResolveSettlementBroadcastParameters["authorization"] {
  const parsed = exactEvmPermit2PayloadSchema.safeParse(payload.payload);
  if (!parsed.success) return undefined;
  const owner = getAddress(parsed.data.permit2Authorization.from);
  const nonce = BigInt(parsed.data.permit2Authorization.nonce);
  return { payer: owner, isUsed: (client) => readPermit2NonceUsed({ client, owner, nonce }) };
}
