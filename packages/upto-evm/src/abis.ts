import { eip2612PermitParameter, permit2ProxyErrorsAbi, permitTransferFromParameter } from "@x402kit/evm";

const settleInputs = [
  permitTransferFromParameter,
  { name: "amount", type: "uint256" },
  { name: "owner", type: "address" },
  {
    name: "witness",
    type: "tuple",
    components: [
      { name: "to", type: "address" },
      { name: "facilitator", type: "address" },
      { name: "validAfter", type: "uint256" },
    ],
  },
  { name: "signature", type: "bytes" },
] as const;

/**
 * The x402 upto Permit2 proxy (scheme_upto_evm.md annex): `settle` and `settleWithPermit` as x402 facilitators call
 * them, with its own errors and those it shares with the exact proxy and Permit2, so that reverts decode.
 */
export const uptoPermit2ProxyAbi = [
  { type: "function", name: "settle", stateMutability: "nonpayable", inputs: settleInputs, outputs: [] },
  {
    type: "function",
    name: "settleWithPermit",
    stateMutability: "nonpayable",
    inputs: [eip2612PermitParameter, ...settleInputs],
    outputs: [],
  },
  { type: "error", name: "AmountExceedsPermitted", inputs: [] },
  { type: "error", name: "UnauthorizedFacilitator", inputs: [] },
  ...permit2ProxyErrorsAbi,
] as const;
