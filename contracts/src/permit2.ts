/** Uniswap's canonical Permit2: the same address on every chain (scheme_exact_evm.md, "Canonical Permit2"). */
export const permit2Address = "0x000000000022D473030F116dDEE9F6B43aC78BA3" as const;

/** The canonical address of the x402 exact Permit2 proxy (scheme_exact_evm.md annex). */
export const x402ExactPermit2ProxyAddress = "0x402085c248EeA27D92E8b30b2C58ed07f9E20001" as const;

/** The canonical address of the x402 upto Permit2 proxy (scheme_upto_evm.md annex). */
export const x402UptoPermit2ProxyAddress = "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002" as const;

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

/**
 * The part of Permit2 that x402 uses: the witness transfer, the unordered-nonce bitmap, the AllowanceTransfer
 * `allowance`/`approve`, the EIP-712 domain separator, and the errors they revert with.
 */
export const permit2Abi = [
  {
    type: "function",
    name: "permitWitnessTransferFrom",
    stateMutability: "nonpayable",
    inputs: [
      permitTransferFrom,
      {
        name: "transferDetails",
        type: "tuple",
        components: [
          { name: "to", type: "address" },
          { name: "requestedAmount", type: "uint256" },
        ],
      },
      { name: "owner", type: "address" },
      { name: "witness", type: "bytes32" },
      { name: "witnessTypeString", type: "string" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "allowance",
    stateMutability: "view",
    inputs: [
      { name: "user", type: "address" },
      { name: "token", type: "address" },
      { name: "spender", type: "address" },
    ],
    outputs: [
      { name: "amount", type: "uint160" },
      { name: "expiration", type: "uint48" },
      { name: "nonce", type: "uint48" },
    ],
  },
  {
    type: "function",
    name: "approve",
    stateMutability: "nonpayable",
    inputs: [
      { name: "token", type: "address" },
      { name: "spender", type: "address" },
      { name: "amount", type: "uint160" },
      { name: "expiration", type: "uint48" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "DOMAIN_SEPARATOR",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "", type: "bytes32" }],
  },
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
  {
    type: "function",
    name: "invalidateUnorderedNonces",
    stateMutability: "nonpayable",
    inputs: [
      { name: "wordPos", type: "uint256" },
      { name: "mask", type: "uint256" },
    ],
    outputs: [],
  },
  {
    type: "event",
    name: "UnorderedNonceInvalidation",
    inputs: [
      { name: "owner", type: "address", indexed: true },
      { name: "word", type: "uint256", indexed: false },
      { name: "mask", type: "uint256", indexed: false },
    ],
  },
  { type: "error", name: "InvalidNonce", inputs: [] },
  { type: "error", name: "InvalidSignature", inputs: [] },
  { type: "error", name: "InvalidSigner", inputs: [] },
  { type: "error", name: "InvalidSignatureLength", inputs: [] },
  { type: "error", name: "InvalidContractSignature", inputs: [] },
  { type: "error", name: "SignatureExpired", inputs: [{ name: "signatureDeadline", type: "uint256" }] },
  { type: "error", name: "InvalidAmount", inputs: [{ name: "maxAmount", type: "uint256" }] },
  { type: "error", name: "LengthMismatch", inputs: [] },
  { type: "error", name: "AllowanceExpired", inputs: [{ name: "deadline", type: "uint256" }] },
  { type: "error", name: "InsufficientAllowance", inputs: [{ name: "amount", type: "uint256" }] },
  { type: "error", name: "ExcessiveInvalidation", inputs: [] },
] as const;
