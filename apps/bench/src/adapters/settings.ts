/**
 * How often each facilitator polls for a settlement receipt. Both get the same value, so neither is slowed by a
 * default (viem's is 4 s for a chain without a block time, x402kit's is 500 ms).
 */
export const receiptPollingIntervalMs = 250;

/** The validity window the servers ask for (spec v2 `maxTimeoutSeconds`). */
export const maxTimeoutSeconds = 300;
