import type { Hex, LocalAccount } from "viem";
import type { VoucherClaim } from "../schemas.js";
import { batchSettlementDomain, claimBatchTypes } from "../typedData.js";
import { computeChannelId } from "./computeChannelId.js";

/** What signs for a receiver authorizer: any viem LocalAccount (its address must be the channels'). */
export type AuthorizerAccount = Pick<LocalAccount, "address" | "signTypedData">;

export type SignClaimBatchParameters = {
  account: AuthorizerAccount;
  claims: readonly VoucherClaim[];
  chainId: number;
};

/** The receiver authorizer's EIP-712 `ClaimBatch` signature, for `claimWithSignature`. */
export function signClaimBatch({ account, claims, chainId }: SignClaimBatchParameters): Promise<Hex> {
  return account.signTypedData({
    domain: batchSettlementDomain(chainId),
    types: claimBatchTypes,
    primaryType: "ClaimBatch",
    message: {
      claims: claims.map((claim) => ({
        channelId: computeChannelId({ config: claim.voucher.channel, chainId }),
        maxClaimableAmount: BigInt(claim.voucher.maxClaimableAmount),
        totalClaimed: BigInt(claim.totalClaimed),
      })),
    },
  });
}
