import { eip3009Types } from "./eip3009Types.js";

/** The fields of an EIP-3009 authorization, in the order of the contract calls (and of the EIP-712 type). */
const authorizationFields = eip3009Types.TransferWithAuthorization;
const vrsFields = [
  { name: "v", type: "uint8" },
  { name: "r", type: "bytes32" },
  { name: "s", type: "bytes32" },
] as const;

/**
 * The contract fragments that the exact EVM scheme calls: EIP-3009 (as in USDC v2.2, with both the `(v,r,s)` and
 * the `bytes signature` overloads), the ERC-20 reads it needs, and EIP-1271.
 */
export const eip3009Abi = [
  {
    type: "function",
    name: "transferWithAuthorization",
    stateMutability: "nonpayable",
    inputs: [...authorizationFields, ...vrsFields],
    outputs: [],
  },
  {
    type: "function",
    name: "transferWithAuthorization",
    stateMutability: "nonpayable",
    inputs: [...authorizationFields, { name: "signature", type: "bytes" }],
    outputs: [],
  },
  {
    type: "function",
    name: "authorizationState",
    stateMutability: "view",
    inputs: [
      { name: "authorizer", type: "address" },
      { name: "nonce", type: "bytes32" },
    ],
    outputs: [{ name: "", type: "bool" }],
  },
  {
    type: "function",
    name: "balanceOf",
    stateMutability: "view",
    inputs: [{ name: "account", type: "address" }],
    outputs: [{ name: "", type: "uint256" }],
  },
  {
    type: "event",
    name: "AuthorizationUsed",
    inputs: [
      { name: "authorizer", type: "address", indexed: true },
      { name: "nonce", type: "bytes32", indexed: true },
    ],
  },
  {
    type: "event",
    name: "AuthorizationCanceled",
    inputs: [
      { name: "authorizer", type: "address", indexed: true },
      { name: "nonce", type: "bytes32", indexed: true },
    ],
  },
] as const;

/** EIP-1271: a contract wallet's signature check. */
export const eip1271Abi = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ name: "magicValue", type: "bytes4" }],
  },
] as const;

/** What `isValidSignature` returns for a valid signature (EIP-1271). */
export const eip1271MagicValue = "0x1626ba7e";

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

/**
 * The errors that a call to an x402 Permit2 proxy reverts with: those that the exact and upto proxies share, and
 * Permit2's, which bubble up through them. In a proxy's ABI they make reverts decode to a name.
 */
export const permit2ProxyErrorsAbi = [
  { type: "error", name: "InvalidAmount", inputs: [] },
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

/** Permit2's `PermitTransferFrom`, the first argument of every proxy call. */
export const permitTransferFromParameter = {
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

/** The payer's EIP-2612 permit for Permit2, the first argument of `settleWithPermit` (both proxies). */
export const eip2612PermitParameter = {
  name: "permit2612",
  type: "tuple",
  components: [
    { name: "value", type: "uint256" },
    { name: "deadline", type: "uint256" },
    { name: "r", type: "bytes32" },
    { name: "s", type: "bytes32" },
    { name: "v", type: "uint8" },
  ],
} as const;

const exactSettleInputs = [
  permitTransferFromParameter,
  { name: "owner", type: "address" },
  {
    name: "witness",
    type: "tuple",
    components: [
      { name: "to", type: "address" },
      { name: "validAfter", type: "uint256" },
    ],
  },
  { name: "signature", type: "bytes" },
] as const;

/**
 * The x402 exact Permit2 proxy (scheme_exact_evm.md annex, `x402ExactPermit2Proxy`): `settle` and
 * `settleWithPermit` as x402 facilitators call them, with the errors that make reverts decode.
 */
export const exactPermit2ProxyAbi = [
  { type: "function", name: "settle", stateMutability: "nonpayable", inputs: exactSettleInputs, outputs: [] },
  {
    type: "function",
    name: "settleWithPermit",
    stateMutability: "nonpayable",
    inputs: [eip2612PermitParameter, ...exactSettleInputs],
    outputs: [],
  },
  ...permit2ProxyErrorsAbi,
] as const;

/** EIP-2612's `nonces(owner)`: the nonce the payer's next permit must carry. */
export const eip2612NoncesAbi = [
  {
    type: "function",
    name: "nonces",
    stateMutability: "view",
    inputs: [{ name: "owner", type: "address" }],
    outputs: [{ name: "", type: "uint256" }],
  },
] as const;

/** x402kit's X402BatchSettler (contracts/): many EIP-3009 `(v,r,s)` authorizations in one transaction. */
export const batchSettlerAbi = [
  {
    type: "function",
    name: "settle",
    stateMutability: "nonpayable",
    inputs: [
      {
        name: "items",
        type: "tuple[]",
        components: [{ name: "token", type: "address" }, ...authorizationFields, ...vrsFields],
      },
    ],
    outputs: [{ name: "ok", type: "bool[]" }],
  },
  {
    type: "event",
    name: "AuthorizationFailed",
    inputs: [
      { name: "index", type: "uint256", indexed: true },
      { name: "token", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "nonce", type: "bytes32", indexed: false },
      { name: "reason", type: "bytes", indexed: false },
    ],
  },
] as const;
