import { hashTypedData, toHex } from "viem";
import { describe, expect, it } from "vitest";
import type { ChannelConfig, VoucherClaim } from "../schemas.js";
import {
  batchSettlementDomain,
  channelConfigTypes,
  claimBatchTypes,
  refundTypes,
  voucherTypes,
} from "../typedData.js";
import { claimBatchDigest } from "./claimBatchDigest.js";
import { computeChannelId } from "./computeChannelId.js";
import { refundDigest } from "./refundDigest.js";
import { voucherDigest } from "./voucherDigest.js";

const config: ChannelConfig = {
  payer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  payerAuthorizer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  receiver: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  receiverAuthorizer: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  withdrawDelay: 900,
  salt: toHex(7, { size: 32 }),
};

describe("batch-settlement EIP-712 digests", () => {
  it("equal viem's hashTypedData under the escrow's domain, per chain", () => {
    for (const chainId of [31337, 8453]) {
      const domain = batchSettlementDomain(chainId);
      const channelId = computeChannelId({ config, chainId });
      expect(channelId).toBe(
        hashTypedData({
          domain,
          types: channelConfigTypes,
          primaryType: "ChannelConfig",
          message: config as never,
        }),
      );
      expect(voucherDigest({ channelId, maxClaimableAmount: 12_345n, chainId })).toBe(
        hashTypedData({
          domain,
          types: voucherTypes,
          primaryType: "Voucher",
          message: { channelId, maxClaimableAmount: 12_345n },
        }),
      );
      expect(refundDigest({ channelId, nonce: 3n, amount: 99n, chainId })).toBe(
        hashTypedData({
          domain,
          types: refundTypes,
          primaryType: "Refund",
          message: { channelId, nonce: 3n, amount: 99n },
        }),
      );
      const claims: VoucherClaim[] = [
        { voucher: { channel: config, maxClaimableAmount: "500" }, signature: "0x", totalClaimed: "400" },
        {
          voucher: { channel: { ...config, salt: toHex(8, { size: 32 }) }, maxClaimableAmount: "9" },
          signature: "0x",
          totalClaimed: "9",
        },
      ];
      expect(claimBatchDigest({ claims, chainId })).toBe(
        hashTypedData({
          domain,
          types: claimBatchTypes,
          primaryType: "ClaimBatch",
          message: {
            claims: claims.map((c) => ({
              channelId: computeChannelId({ config: c.voucher.channel, chainId }),
              maxClaimableAmount: BigInt(c.voucher.maxClaimableAmount),
              totalClaimed: BigInt(c.totalClaimed),
            })),
          },
        }),
      );
    }
    expect(computeChannelId({ config, chainId: 1 })).not.toBe(computeChannelId({ config, chainId: 2 }));
  });
});
