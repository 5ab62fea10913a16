/**
 * Uniswap's canonical Permit2, at the same address on every chain (scheme_exact_evm.md, "Canonical Permit2"). Its
 * EIP-712 domain is `{ name: "Permit2", chainId, verifyingContract }`, without a version.
 */
export const permit2Address = "0x000000000022D473030F116dDEE9F6B43aC78BA3" as const;

/**
 * The x402 exact Permit2 proxy, the `spender` of every exact Permit2 authorization (scheme_exact_evm.md annex): a
 * CREATE2 deployment at the same address on every chain.
 */
export const exactPermit2ProxyAddress = "0x402085c248EeA27D92E8b30b2C58ed07f9E20001" as const;
