import {
  bytes32Schema,
  evmAddressSchema,
  hexSchema,
  permit2AuthorizationSchema,
  uintStringSchema,
} from "@x402kit/types";
import { z } from "zod";

const MAX_UINT128 = 2n ** 128n - 1n;

/** A uint128 as a decimal string: every amount the escrow stores. */
export const uint128StringSchema = uintStringSchema.refine(
  (value) => BigInt(value) <= MAX_UINT128,
  "must fit in a uint128",
);

/** The immutable terms of a channel (scheme_batch_settlement_evm.md, ChannelConfig). */
export const channelConfigSchema = z.object({
  payer: evmAddressSchema,
  payerAuthorizer: evmAddressSchema,
  receiver: evmAddressSchema,
  receiverAuthorizer: evmAddressSchema,
  token: evmAddressSchema,
  withdrawDelay: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40 - 1),
  salt: bytes32Schema,
});
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

/** A signed cumulative voucher as it travels in a payload. */
export const voucherFieldsSchema = z.object({
  channelId: bytes32Schema,
  maxClaimableAmount: uint128StringSchema,
  signature: hexSchema,
});
export type VoucherFields = z.infer<typeof voucherFieldsSchema>;

/** The payer's EIP-3009 `ReceiveWithAuthorization` to the deposit collector; its nonce derives from `salt`. */
export const erc3009DepositAuthorizationSchema = z.object({
  validAfter: uintStringSchema,
  validBefore: uintStringSchema,
  salt: bytes32Schema,
  signature: hexSchema,
});
export type Erc3009DepositAuthorization = z.infer<typeof erc3009DepositAuthorizationSchema>;

/**
 * The payer's Permit2 `PermitWitnessTransferFrom` to the Permit2 deposit collector, its witness the channel id, and
 * its signature (scheme_batch_settlement_evm.md, Deposit Payload, `permit2Authorization`).
 */
export const permit2DepositAuthorizationSchema = permit2AuthorizationSchema.extend({
  witness: z.object({ channelId: bytes32Schema }),
  signature: hexSchema,
});
export type Permit2DepositAuthorization = z.infer<typeof permit2DepositAuthorizationSchema>;

/** `payload` of a first request or a top-up: the deposit and the request's voucher. */
export const depositPayloadSchema = z.object({
  type: z.literal("deposit"),
  channelConfig: channelConfigSchema,
  voucher: voucherFieldsSchema,
  deposit: z.object({
    amount: uint128StringSchema,
    // Exactly one of the two (checked by the facilitator, which names the one the requirements ask for).
    authorization: z.looseObject({
      erc3009Authorization: erc3009DepositAuthorizationSchema.optional(),
      permit2Authorization: permit2DepositAuthorizationSchema.optional(),
    }),
  }),
});
export type DepositPayload = z.infer<typeof depositPayloadSchema>;

/** `payload` of a request over an open channel. */
export const voucherPayloadSchema = z.object({
  type: z.literal("voucher"),
  channelConfig: channelConfigSchema,
  voucher: voucherFieldsSchema,
});
export type VoucherPayload = z.infer<typeof voucherPayloadSchema>;

/** `payload` of a cooperative refund request: a zero-charge voucher and, for a partial refund, the amount. */
export const refundPayloadSchema = z.object({
  type: z.literal("refund"),
  channelConfig: channelConfigSchema,
  voucher: voucherFieldsSchema,
  amount: uint128StringSchema.optional(),
});
export type RefundPayload = z.infer<typeof refundPayloadSchema>;

/** One claim row: the voucher (with its full channel config), its signature, and the new cumulative claim. */
export const voucherClaimSchema = z.object({
  voucher: z.object({ channel: channelConfigSchema, maxClaimableAmount: uint128StringSchema }),
  signature: hexSchema,
  totalClaimed: uint128StringSchema,
});
export type VoucherClaim = z.infer<typeof voucherClaimSchema>;

/** `payload` of a server's claim (to `/settle`). */
export const claimPayloadSchema = z.object({
  type: z.literal("claim"),
  claims: z.array(voucherClaimSchema).min(1).max(1_000),
  claimAuthorizerSignature: hexSchema.optional(),
});
export type ClaimPayload = z.infer<typeof claimPayloadSchema>;

/** `payload` of a server's sweep of claimed funds (to `/settle`). */
export const settlePayloadSchema = z.object({
  type: z.literal("settle"),
  receiver: evmAddressSchema,
  token: evmAddressSchema,
});
export type SettlePayload = z.infer<typeof settlePayloadSchema>;

/** A refund payload as the server completes it for `/settle`: amount, nonce, claims and authorizer signatures. */
export const enrichedRefundPayloadSchema = refundPayloadSchema.extend({
  amount: uint128StringSchema,
  refundNonce: uintStringSchema,
  claims: z.array(voucherClaimSchema).max(1_000),
  refundAuthorizerSignature: hexSchema.optional(),
  claimAuthorizerSignature: hexSchema.optional(),
});
export type EnrichedRefundPayload = z.infer<typeof enrichedRefundPayloadSchema>;

/** What a client may send with a request: a deposit, a voucher, or a refund. */
export const clientPayloadSchema = z.discriminatedUnion("type", [
  depositPayloadSchema,
  voucherPayloadSchema,
  refundPayloadSchema,
]);
export type ClientPayload = z.infer<typeof clientPayloadSchema>;

/** Every payload a facilitator's `/settle` takes for this scheme. */
export const settleablePayloadSchema = z.discriminatedUnion("type", [
  depositPayloadSchema,
  claimPayloadSchema,
  settlePayloadSchema,
  enrichedRefundPayloadSchema,
]);
export type SettleablePayload = z.infer<typeof settleablePayloadSchema>;

/** The mirrored on-chain state of a channel, as `/verify` `extra` and `/settle` `extra.channelState` carry it. */
export const channelStateSchema = z.looseObject({
  channelId: bytes32Schema,
  balance: uintStringSchema,
  totalClaimed: uintStringSchema,
  withdrawRequestedAt: z.number().int().nonnegative(),
  refundNonce: uintStringSchema,
  chargedCumulativeAmount: uintStringSchema.optional(),
});
export type ChannelState = z.infer<typeof channelStateSchema>;

/** The last signed voucher, sent by a server in a corrective 402 so that the client can resynchronise. */
export const voucherStateSchema = z.object({
  signedMaxClaimable: uintStringSchema,
  signature: hexSchema,
});
export type VoucherState = z.infer<typeof voucherStateSchema>;

/** `extra` of batch-settlement requirements (scheme_batch_settlement_evm.md, 402 Response). */
export const batchSettlementExtraSchema = z.looseObject({
  receiverAuthorizer: evmAddressSchema,
  withdrawDelay: z.number().int(),
  name: z.string(),
  version: z.string(),
  assetTransferMethod: z.enum(["eip3009", "permit2"]).optional(),
  channelState: channelStateSchema.optional(),
  voucherState: voucherStateSchema.optional(),
});
export type BatchSettlementExtra = z.infer<typeof batchSettlementExtraSchema>;
