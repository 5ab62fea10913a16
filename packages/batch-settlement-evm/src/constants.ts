/** The scheme's name on the wire (scheme_batch_settlement.md). */
export const batchSettlementScheme = "batch-settlement" as const;

/** The canonical `x402BatchSettlement` escrow, the same on every chain (scheme_batch_settlement_evm.md annex). */
export const batchSettlementAddress = "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003" as const;

/** The canonical EIP-3009 deposit collector: the payer's `ReceiveWithAuthorization` names it as `to`. */
export const erc3009DepositCollectorAddress = "0x4020806089470a89826cB9fB1f4059150b550004" as const;

/** The canonical Permit2 deposit collector: the spender of the payer's Permit2 deposit authorization. */
export const permit2DepositCollectorAddress = "0x4020425FAf3B746C082C2f942b4E5159887B0005" as const;

/** The witness of a Permit2 deposit, `DepositWitness(bytes32 channelId)`: it binds the transfer to one channel. */
export const depositWitnessName = "DepositWitness" as const;
export const depositWitnessType = [{ name: "channelId", type: "bytes32" }] as const;

/** The EIP-712 domain name and version of channel ids, vouchers, refunds and claim batches. */
export const batchSettlementDomainName = "x402 Batch Settlement" as const;
export const batchSettlementDomainVersion = "1" as const;

/** `withdrawDelay` bounds: 15 minutes to 30 days (scheme_batch_settlement_evm.md, ChannelConfig). */
export const minWithdrawDelay = 900;
export const maxWithdrawDelay = 30 * 24 * 3600;

export const zeroAddress = "0x0000000000000000000000000000000000000000" as const;
