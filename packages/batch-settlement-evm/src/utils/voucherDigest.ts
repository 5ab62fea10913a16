import { encodeAbiParameters, type Hex, keccak256 } from "viem";
import { hashBatchSettlementTypedData, voucherTypeHash } from "./hashBatchSettlementTypedData.js";

export type VoucherDigestParameters = { channelId: Hex; maxClaimableAmount: bigint; chainId: number };

/** The EIP-712 digest of `Voucher(channelId, maxClaimableAmount)`: what the payer authorizer signs per request. */
export function voucherDigest({ channelId, maxClaimableAmount, chainId }: VoucherDigestParameters): Hex {
  const structHash = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "uint128" }],
      [voucherTypeHash, channelId, maxClaimableAmount],
    ),
  );
  return hashBatchSettlementTypedData(chainId, structHash);
}
