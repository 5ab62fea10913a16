import type { Address } from "viem";
import {
  batchSettlementAddress,
  batchSettlementDomainName,
  batchSettlementDomainVersion,
} from "./constants.js";

/** EIP-712 type of `ChannelConfig`: the channel id is its hash (scheme_batch_settlement_evm.md). */
export const channelConfigTypes = {
  ChannelConfig: [
    { name: "payer", type: "address" },
    { name: "payerAuthorizer", type: "address" },
    { name: "receiver", type: "address" },
    { name: "receiverAuthorizer", type: "address" },
    { name: "token", type: "address" },
    { name: "withdrawDelay", type: "uint40" },
    { name: "salt", type: "bytes32" },
  ],
} as const;

/** EIP-712 type of a cumulative voucher. */
export const voucherTypes = {
  Voucher: [
    { name: "channelId", type: "bytes32" },
    { name: "maxClaimableAmount", type: "uint128" },
  ],
} as const;

/** EIP-712 type of the receiver authorizer's refund consent. */
export const refundTypes = {
  Refund: [
    { name: "channelId", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "amount", type: "uint128" },
  ],
} as const;

/** EIP-712 types of the receiver authorizer's consent to a claim batch. */
export const claimBatchTypes = {
  ClaimBatch: [{ name: "claims", type: "ClaimEntry[]" }],
  ClaimEntry: [
    { name: "channelId", type: "bytes32" },
    { name: "maxClaimableAmount", type: "uint128" },
    { name: "totalClaimed", type: "uint128" },
  ],
} as const;

/** The EIP-712 domain of the escrow on one chain. */
export function batchSettlementDomain(chainId: number) {
  return {
    name: batchSettlementDomainName,
    version: batchSettlementDomainVersion,
    chainId,
    verifyingContract: batchSettlementAddress as Address,
  } as const;
}
