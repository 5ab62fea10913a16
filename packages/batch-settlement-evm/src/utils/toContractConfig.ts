import type { Address, Hex } from "viem";
import type { ChannelConfig, VoucherClaim } from "../schemas.js";

/** A parsed channel config in the escrow's ABI form. */
export function toContractConfig(config: ChannelConfig) {
  return {
    payer: config.payer as Address,
    payerAuthorizer: config.payerAuthorizer as Address,
    receiver: config.receiver as Address,
    receiverAuthorizer: config.receiverAuthorizer as Address,
    token: config.token as Address,
    withdrawDelay: config.withdrawDelay,
    salt: config.salt as Hex,
  };
}

/** Parsed claim rows in the escrow's ABI form (`VoucherClaim[]`). */
export function toContractClaims(claims: readonly VoucherClaim[]) {
  return claims.map((claim) => ({
    voucher: {
      channel: toContractConfig(claim.voucher.channel),
      maxClaimableAmount: BigInt(claim.voucher.maxClaimableAmount),
    },
    signature: claim.signature as Hex,
    totalClaimed: BigInt(claim.totalClaimed),
  }));
}
