import type { Hex } from "viem";
import { batchSettlementDomain, refundTypes } from "../typedData.js";
import type { AuthorizerAccount } from "./signClaimBatch.js";

export type SignRefundParameters = {
  account: AuthorizerAccount;
  channelId: Hex;
  nonce: bigint;
  amount: bigint;
  chainId: number;
};

/** The receiver authorizer's EIP-712 `Refund` signature, for `refundWithSignature`. */
export function signRefund({
  account,
  channelId,
  nonce,
  amount,
  chainId,
}: SignRefundParameters): Promise<Hex> {
  return account.signTypedData({
    domain: batchSettlementDomain(chainId),
    types: refundTypes,
    primaryType: "Refund",
    message: { channelId, nonce, amount },
  });
}
