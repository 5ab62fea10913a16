import type { Hex } from "viem";
import type { ChannelState } from "../schemas.js";

/** A channel's on-chain state, as the escrow's views return it. */
export type OnchainChannelState = {
  balance: bigint;
  totalClaimed: bigint;
  /** `pendingWithdrawals(channelId).initiatedAt`, 0 when none is pending. */
  withdrawRequestedAt: number;
  refundNonce: bigint;
};

/** The wire form of a channel snapshot (`/verify` `extra`, `/settle` `extra.channelState`). */
export function channelStateExtra(channelId: Hex, state: OnchainChannelState): ChannelState {
  return {
    channelId,
    balance: state.balance.toString(),
    totalClaimed: state.totalClaimed.toString(),
    withdrawRequestedAt: state.withdrawRequestedAt,
    refundNonce: state.refundNonce.toString(),
  };
}
