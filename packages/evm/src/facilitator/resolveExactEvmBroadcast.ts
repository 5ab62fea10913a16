import {
  exactEvmEip3009PayloadSchema,
  type PaymentPayload,
  type PaymentRequirements,
  type SettleResponse,
} from "@x402kit/types";
import { getAddress, type Hex } from "viem";
import { readContract } from "viem/actions";
import { eip3009Abi } from "../abis.js";
import { permit2AuthorizationState } from "./permit2AuthorizationState.js";
import { resolveSettlementBroadcast } from "./resolveSettlementBroadcast.js";
import type { NetworkContext } from "./types.js";

export type ResolveExactEvmBroadcastParameters = {
  transaction: string;
  network: string;
  requirements: PaymentRequirements;
  payload: PaymentPayload;
  contexts: ReadonlyMap<string, NetworkContext>;
};

/**
 * `resolveBroadcast` of the exact scheme: `resolveSettlementBroadcast` with the authorization's on-chain state,
 * EIP-3009's `authorizationState(from, nonce)` or Permit2's nonce bitmap, whichever the payload carries.
 */
export function resolveExactEvmBroadcast(
  parameters: ResolveExactEvmBroadcastParameters,
): Promise<SettleResponse | undefined> {
  const { requirements, payload } = parameters;
  const eip3009 = exactEvmEip3009PayloadSchema.safeParse(payload.payload);
  const authorization = eip3009.success
    ? {
        payer: getAddress(eip3009.data.authorization.from),
        eip3009: {
          from: getAddress(eip3009.data.authorization.from),
          nonce: eip3009.data.authorization.nonce as Hex,
        },
        isUsed: (client: NetworkContext["client"]) =>
          readContract(client, {
            address: getAddress(requirements.asset),
            abi: eip3009Abi,
            functionName: "authorizationState",
            args: [getAddress(eip3009.data.authorization.from), eip3009.data.authorization.nonce as Hex],
          }),
      }
    : permit2AuthorizationState(payload);
  return resolveSettlementBroadcast({ ...parameters, authorization });
}
