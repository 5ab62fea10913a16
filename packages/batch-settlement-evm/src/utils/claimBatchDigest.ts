import { keccak256 } from "@x402kit/evm";
import { concat, encodeAbiParameters, type Hex } from "viem";
import type { VoucherClaim } from "../schemas.js";
import { computeChannelId } from "./computeChannelId.js";
import {
  claimBatchTypeHash,
  claimEntryTypeHash,
  hashBatchSettlementTypedData,
} from "./hashBatchSettlementTypedData.js";

export type ClaimBatchDigestParameters = { claims: readonly VoucherClaim[]; chainId: number };

/** The EIP-712 digest of `ClaimBatch(ClaimEntry[] claims)`: the receiver authorizer's consent to a claim. */
export function claimBatchDigest({ claims, chainId }: ClaimBatchDigestParameters): Hex {
  const entries = claims.map((claim) =>
    keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "uint128" }, { type: "uint128" }],
        [
          claimEntryTypeHash,
          computeChannelId({ config: claim.voucher.channel, chainId }),
          BigInt(claim.voucher.maxClaimableAmount),
          BigInt(claim.totalClaimed),
        ],
      ),
    ),
  );
  const structHash = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }],
      [claimBatchTypeHash, keccak256(entries.length === 0 ? "0x" : concat(entries))],
    ),
  );
  return hashBatchSettlementTypedData(chainId, structHash);
}
