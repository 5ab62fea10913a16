/** `ChannelConfig` as an ABI tuple. */
export const channelConfigParameter = {
  name: "config",
  type: "tuple",
  components: [
    { name: "payer", type: "address" },
    { name: "payerAuthorizer", type: "address" },
    { name: "receiver", type: "address" },
    { name: "receiverAuthorizer", type: "address" },
    { name: "token", type: "address" },
    { name: "withdrawDelay", type: "uint40" },
    { name: "salt", type: "bytes32" },
  ],
} as const;

const voucherClaimsParameter = {
  name: "voucherClaims",
  type: "tuple[]",
  components: [
    {
      name: "voucher",
      type: "tuple",
      components: [
        { ...channelConfigParameter, name: "channel" },
        { name: "maxClaimableAmount", type: "uint128" },
      ],
    },
    { name: "signature", type: "bytes" },
    { name: "totalClaimed", type: "uint128" },
  ],
} as const;

const bytes32 = (name: string) => ({ name, type: "bytes32" }) as const;
const uint128 = (name: string) => ({ name, type: "uint128" }) as const;

/**
 * The `x402BatchSettlement` escrow as x402 clients, servers and facilitators call it (scheme_batch_settlement_evm.md
 * annex): the functions, the `Settled` and `Refunded` events, and the errors of x402kit's contract so that reverts decode.
 */
export const batchSettlementAbi = [
  {
    type: "function",
    name: "deposit",
    stateMutability: "nonpayable",
    inputs: [
      channelConfigParameter,
      uint128("amount"),
      { name: "collector", type: "address" },
      { name: "collectorData", type: "bytes" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "claim",
    stateMutability: "nonpayable",
    inputs: [voucherClaimsParameter],
    outputs: [],
  },
  {
    type: "function",
    name: "claimWithSignature",
    stateMutability: "nonpayable",
    inputs: [voucherClaimsParameter, { name: "authorizerSignature", type: "bytes" }],
    outputs: [],
  },
  {
    type: "function",
    name: "settle",
    stateMutability: "nonpayable",
    inputs: [
      { name: "receiver", type: "address" },
      { name: "token", type: "address" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "initiateWithdraw",
    stateMutability: "nonpayable",
    inputs: [channelConfigParameter, uint128("amount")],
    outputs: [],
  },
  {
    type: "function",
    name: "finalizeWithdraw",
    stateMutability: "nonpayable",
    inputs: [channelConfigParameter],
    outputs: [],
  },
  {
    type: "function",
    name: "refund",
    stateMutability: "nonpayable",
    inputs: [channelConfigParameter, uint128("amount")],
    outputs: [],
  },
  {
    type: "function",
    name: "refundWithSignature",
    stateMutability: "nonpayable",
    inputs: [
      channelConfigParameter,
      uint128("amount"),
      { name: "nonce", type: "uint256" },
      { name: "receiverAuthorizerSignature", type: "bytes" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "multicall",
    stateMutability: "nonpayable",
    inputs: [{ name: "data", type: "bytes[]" }],
    outputs: [{ name: "results", type: "bytes[]" }],
  },
  {
    type: "function",
    name: "channels",
    stateMutability: "view",
    inputs: [bytes32("channelId")],
    outputs: [uint128("balance"), uint128("totalClaimed")],
  },
  {
    type: "function",
    name: "pendingWithdrawals",
    stateMutability: "view",
    inputs: [bytes32("channelId")],
    outputs: [uint128("amount"), { name: "initiatedAt", type: "uint40" }],
  },
  {
    type: "function",
    name: "refundNonce",
    stateMutability: "view",
    inputs: [bytes32("channelId")],
    outputs: [{ name: "", type: "uint256" }],
  },
  {
    type: "function",
    name: "receivers",
    stateMutability: "view",
    inputs: [
      { name: "receiver", type: "address" },
      { name: "token", type: "address" },
    ],
    outputs: [uint128("totalClaimed"), uint128("totalSettled")],
  },
  {
    type: "function",
    name: "getChannelId",
    stateMutability: "view",
    inputs: [channelConfigParameter],
    outputs: [bytes32("")],
  },
  {
    type: "event",
    name: "Settled",
    inputs: [
      { name: "receiver", type: "address", indexed: true },
      { name: "token", type: "address", indexed: true },
      { name: "sender", type: "address", indexed: true },
      { name: "amount", type: "uint128", indexed: false },
    ],
  },
  {
    type: "event",
    name: "Refunded",
    inputs: [
      { name: "channelId", type: "bytes32", indexed: true },
      { name: "nonce", type: "uint256", indexed: false },
      { name: "amount", type: "uint128", indexed: false },
    ],
  },
  { type: "error", name: "ZeroAmount", inputs: [] },
  { type: "error", name: "InvalidChannelConfig", inputs: [] },
  { type: "error", name: "WithdrawDelayOutOfRange", inputs: [{ name: "withdrawDelay", type: "uint40" }] },
  {
    type: "error",
    name: "DepositNotReceived",
    inputs: [
      { name: "received", type: "uint256" },
      { name: "expected", type: "uint256" },
    ],
  },
  { type: "error", name: "NoClaims", inputs: [] },
  { type: "error", name: "Unauthorized", inputs: [] },
  { type: "error", name: "AuthorizerMismatch", inputs: [] },
  { type: "error", name: "InvalidAuthorizerSignature", inputs: [] },
  { type: "error", name: "InvalidVoucherSignature", inputs: [bytes32("channelId")] },
  {
    type: "error",
    name: "ClaimExceedsVoucher",
    inputs: [bytes32("channelId"), uint128("totalClaimed"), uint128("maxClaimableAmount")],
  },
  {
    type: "error",
    name: "ClaimExceedsBalance",
    inputs: [bytes32("channelId"), uint128("totalClaimed"), uint128("balance")],
  },
  {
    type: "error",
    name: "InvalidRefundNonce",
    inputs: [
      { name: "expected", type: "uint256" },
      { name: "given", type: "uint256" },
    ],
  },
  { type: "error", name: "OnlyBatchSettlement", inputs: [] },
] as const;
