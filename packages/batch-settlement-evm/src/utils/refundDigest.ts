import { keccak256 } from "@x402kit/evm";
import { encodeAbiParameters, type Hex } from "viem";
import { hashBatchSettlementTypedData, refundTypeHash } from "./hashBatchSettlementTypedData.js";

export type RefundDigestParameters = { channelId: Hex; nonce: bigint; amount: bigint; chainId: number };

/** The EIP-712 digest of `Refund(channelId, nonce, amount)`: the receiver authorizer's consent to a refund. */
export function refundDigest({ channelId, nonce, amount, chainId }: RefundDigestParameters): Hex {
  const structHash = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "uint128" }],
      [refundTypeHash, channelId, nonce, amount],
    ),
  );
  return hashBatchSettlementTypedData(chainId, structHash);
}
