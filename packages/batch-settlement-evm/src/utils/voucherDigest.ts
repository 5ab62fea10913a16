import { type Hex, keccak256 } from "viem";
import { hashBatchSettlementTypedData, voucherTypeHash } from "./hashBatchSettlementTypedData.js";

export type VoucherDigestParameters = { channelId: Hex; maxClaimableAmount: bigint; chainId: number };

const maxUint128 = (1n << 128n) - 1n;

/**
 * The EIP-712 digest of `Voucher(channelId, maxClaimableAmount)`: what the payer authorizer signs per request. The
 * struct is three static words, so it is encoded by hand (the same bytes as `encodeAbiParameters`, without its cost
 * on every paid request).
 */
export function voucherDigest({ channelId, maxClaimableAmount, chainId }: VoucherDigestParameters): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(channelId)) throw new TypeError(`Not a bytes32 channel id: ${channelId}.`);
  if (maxClaimableAmount < 0n || maxClaimableAmount > maxUint128)
    throw new RangeError(`maxClaimableAmount ${maxClaimableAmount} is not a uint128.`);
  const structHash = keccak256(
    `${voucherTypeHash}${channelId.slice(2)}${maxClaimableAmount.toString(16).padStart(64, "0")}`,
  );
  return hashBatchSettlementTypedData(chainId, structHash);
}
