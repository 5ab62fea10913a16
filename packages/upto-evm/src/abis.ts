const permitTransferFrom = {
  name: "permit",
  type: "tuple",
  components: [
    {
      name: "permitted",
      type: "tuple",
      components: [
        { name: "token", type: "address" },
        { name: "amount", type: "uint256" },
      ],
    },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

const settleInputs = [
  permitTransferFrom,
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
 * them, with the errors of the proxy and of Permit2 (which bubble up through it), so that reverts decode.
 */
export const uptoPermit2ProxyAbi = [
  {
    type: "function",
    name: "settle",
    stateMutability: "nonpayable",
    inputs: settleInputs,
    outputs: [],
  },
  {
    type: "function",
    name: "settleWithPermit",
    stateMutability: "nonpayable",
    inputs: [
      {
        name: "permit2612",
        type: "tuple",
        components: [
          { name: "value", type: "uint256" },
          { name: "deadline", type: "uint256" },
          { name: "r", type: "bytes32" },
          { name: "s", type: "bytes32" },
          { name: "v", type: "uint8" },
        ],
      },
      ...settleInputs,
    ],
    outputs: [],
  },
  { type: "error", name: "AmountExceedsPermitted", inputs: [] },
  { type: "error", name: "UnauthorizedFacilitator", inputs: [] },
  { type: "error", name: "InvalidDestination", inputs: [] },
  { type: "error", name: "InvalidOwner", inputs: [] },
  { type: "error", name: "PaymentTooEarly", inputs: [] },
  { type: "error", name: "Permit2612AmountMismatch", inputs: [] },
  // Permit2's own errors.
  { type: "error", name: "InvalidNonce", inputs: [] },
  { type: "error", name: "InvalidSigner", inputs: [] },
  { type: "error", name: "InvalidSignature", inputs: [] },
  { type: "error", name: "InvalidSignatureLength", inputs: [] },
  { type: "error", name: "InvalidContractSignature", inputs: [] },
  { type: "error", name: "SignatureExpired", inputs: [{ name: "signatureDeadline", type: "uint256" }] },
  { type: "error", name: "InvalidAmount", inputs: [{ name: "maxAmount", type: "uint256" }] },
] as const;

/** Permit2's unordered-nonce bitmap: bit `nonce & 255` of word `nonce >> 8` is set once the nonce is used. */
export const permit2NonceBitmapAbi = [
  {
    type: "function",
    name: "nonceBitmap",
    stateMutability: "view",
    inputs: [
      { name: "owner", type: "address" },
      { name: "wordPosition", type: "uint256" },
    ],
    outputs: [{ name: "", type: "uint256" }],
  },
] as const;
