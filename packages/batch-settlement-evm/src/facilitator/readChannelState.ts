import type { EvmClient } from "@x402kit/evm";
import type { Hex } from "viem";
import { readContract } from "viem/actions";
import { batchSettlementAbi } from "../abis.js";
import { batchSettlementAddress } from "../constants.js";
import type { OnchainChannelState } from "../utils/channelStateExtra.js";

export type ReadChannelStateParameters = { client: EvmClient; channelId: Hex };

/** A channel's balance, claimed total, pending withdrawal time and refund nonce, read in parallel. Throws on RPC failure. */
export async function readChannelState({
  client,
  channelId,
}: ReadChannelStateParameters): Promise<OnchainChannelState> {
  const escrow = { address: batchSettlementAddress, abi: batchSettlementAbi, args: [channelId] } as const;
  const [[balance, totalClaimed], [, initiatedAt], refundNonce] = await Promise.all([
    readContract(client, { ...escrow, functionName: "channels" }),
    readContract(client, { ...escrow, functionName: "pendingWithdrawals" }),
    readContract(client, { ...escrow, functionName: "refundNonce" }),
  ]);
  return { balance, totalClaimed, withdrawRequestedAt: Number(initiatedAt), refundNonce };
}
