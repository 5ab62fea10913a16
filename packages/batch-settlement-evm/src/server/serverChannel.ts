import type { ChannelRecord, ChannelRecordInput } from "@x402kit/core";
import { hexSchema, uintStringSchema } from "@x402kit/types";
import type { Hex } from "viem";
import { z } from "zod";
import { batchSettlementScheme } from "../constants.js";
import { type ChannelState, channelConfigSchema } from "../schemas.js";

/**
 * The server's record of one channel (scheme_batch_settlement_evm.md, "Per-Channel State"), the `state` of a
 * `ChannelRecord` in core's channel store. Amounts are decimal strings; times are Unix milliseconds.
 */
export const serverChannelStateSchema = z.object({
  channelConfig: channelConfigSchema,
  /** What the server has charged so far: the next voucher must be this plus the request's amount. */
  chargedCumulativeAmount: uintStringSchema,
  /** The latest voucher the payer signed, and its signature: what a claim presents. */
  signedMaxClaimable: uintStringSchema,
  signature: hexSchema,
  /** Mirrored from the chain (through the facilitator). */
  balance: uintStringSchema,
  totalClaimed: uintStringSchema,
  withdrawRequestedAt: z.number().int().nonnegative(),
  refundNonce: uintStringSchema,
  /** When the mirrored fields were last read from the chain. */
  onchainSyncedAt: z.number(),
  lastRequestAt: z.number(),
});
export type ServerChannelState = z.infer<typeof serverChannelStateSchema>;

/** A channel as the server holds it: its store record's version (the compare-and-set guard) and its state. */
export type ServerChannel = { id: Hex; network: string; version: number; state: ServerChannelState };

/** Reads a store record; undefined when it is not this scheme's or does not parse (it is then treated as lost). */
export function serverChannelFromRecord(record: ChannelRecord | undefined): ServerChannel | undefined {
  if (!record || record.scheme !== batchSettlementScheme) return undefined;
  const state = serverChannelStateSchema.safeParse(record.state);
  if (!state.success) return undefined;
  return { id: record.id as Hex, network: record.network, version: record.version, state: state.data };
}

/** The store record of a channel's state (payee and asset lower-case, as a server lists them). */
export function recordFromServerChannel(
  id: Hex,
  network: string,
  state: ServerChannelState,
): ChannelRecordInput {
  return {
    id: id.toLowerCase(),
    scheme: batchSettlementScheme,
    network,
    payTo: state.channelConfig.receiver.toLowerCase(),
    asset: state.channelConfig.token.toLowerCase(),
    state,
  };
}

/** The channel snapshot of the wire (`extra.channelState`), with the server's charged total. */
export function serverChannelStateExtra(id: Hex, state: ServerChannelState): ChannelState {
  return {
    channelId: id,
    balance: state.balance,
    totalClaimed: state.totalClaimed,
    withdrawRequestedAt: state.withdrawRequestedAt,
    refundNonce: state.refundNonce,
    chargedCumulativeAmount: state.chargedCumulativeAmount,
  };
}
