import type { Hex, LocalAccount } from "viem";
import { batchSettlementDomain, voucherTypes } from "../typedData.js";
import { voucherDigest } from "../utils/voucherDigest.js";

/** What signs vouchers: the payer authorizer's viem LocalAccount (`sign` is used when it has one, being faster). */
export type VoucherSigner = Pick<LocalAccount, "address" | "signTypedData"> &
  Partial<Pick<LocalAccount, "sign">>;

export type SignVoucherParameters = {
  account: VoucherSigner;
  channelId: Hex;
  maxClaimableAmount: bigint;
  chainId: number;
};

/**
 * Signs the cumulative voucher `Voucher(channelId, maxClaimableAmount)` (scheme_batch_settlement_evm.md, "Requests
 * and vouchers"). An account with a raw-hash `sign` (a private-key account) signs the digest directly, without
 * re-encoding the typed data; the signature is the same.
 */
export function signVoucher({
  account,
  channelId,
  maxClaimableAmount,
  chainId,
}: SignVoucherParameters): Promise<Hex> {
  if (account.sign) return account.sign({ hash: voucherDigest({ channelId, maxClaimableAmount, chainId }) });
  return account.signTypedData({
    domain: batchSettlementDomain(chainId),
    types: voucherTypes,
    primaryType: "Voucher",
    message: { channelId, maxClaimableAmount },
  });
}
