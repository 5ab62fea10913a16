/**
 * The x402 upto Permit2 proxy, the `spender` of every upto authorization (scheme_upto_evm.md annex): a CREATE2
 * deployment at the same address on every chain.
 */
export const uptoPermit2ProxyAddress = "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002" as const;

/**
 * The upto witness, `Witness(address to,address facilitator,uint256 validAfter)` (scheme_upto_evm.md phase 2): the
 * recipient, the one facilitator allowed to settle, and the start time.
 */
export const uptoPermit2WitnessType = [
  { name: "to", type: "address" },
  { name: "facilitator", type: "address" },
  { name: "validAfter", type: "uint256" },
] as const;
