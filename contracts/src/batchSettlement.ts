/** The canonical address of the x402 `batch-settlement` escrow (scheme_batch_settlement_evm.md annex). */
export const x402BatchSettlementAddress = "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003" as const;

/** The canonical address of the EIP-3009 deposit collector of `batch-settlement`. */
export const erc3009DepositCollectorAddress = "0x4020806089470a89826cB9fB1f4059150b550004" as const;

/** The canonical address of the Permit2 deposit collector of `batch-settlement` (the payer's Permit2 spender). */
export const permit2DepositCollectorAddress = "0x4020425FAf3B746C082C2f942b4E5159887B0005" as const;
