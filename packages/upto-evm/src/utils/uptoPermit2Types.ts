/**
 * The EIP-712 types of an upto authorization: Permit2's `PermitWitnessTransferFrom` with the upto witness
 * `Witness(address to,address facilitator,uint256 validAfter)` (scheme_upto_evm.md phase 2).
 */
export const uptoPermit2Types = {
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
  Witness: [
    { name: "to", type: "address" },
    { name: "facilitator", type: "address" },
    { name: "validAfter", type: "uint256" },
  ],
} as const;
