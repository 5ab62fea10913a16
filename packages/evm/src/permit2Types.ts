/**
 * The EIP-712 types of Permit2's `PermitWitnessTransferFrom`, less its `Witness`, which each x402 scheme defines
 * (scheme_exact_evm.md §2, scheme_upto_evm.md): the payer signs these with the scheme's witness type added.
 */
export const permit2WitnessTransferTypes = {
  PermitWitnessTransferFrom: [
    { name: "permitted", type: "TokenPermissions" },
    { name: "spender", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
    { name: "witness", type: "Witness" },
  ],
  TokenPermissions: [
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
  ],
} as const;

/** The exact scheme's witness, `Witness(address to,uint256 validAfter)` (scheme_exact_evm.md §2 annex). */
export const exactPermit2WitnessType = [
  { name: "to", type: "address" },
  { name: "validAfter", type: "uint256" },
] as const;
