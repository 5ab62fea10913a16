/** Uniswap's canonical Permit2, at the same address on every chain (scheme_upto_evm.md, "Canonical Permit2"). */
export const permit2Address = "0x000000000022D473030F116dDEE9F6B43aC78BA3" as const;

/**
 * The x402 upto Permit2 proxy, the `spender` of every upto authorization (scheme_upto_evm.md annex): a CREATE2
 * deployment at the same address on every chain.
 */
export const uptoPermit2ProxyAddress = "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002" as const;
