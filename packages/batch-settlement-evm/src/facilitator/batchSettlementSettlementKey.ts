import type { SchemePaymentParameters } from "@x402kit/core";
import { keccak256 } from "@x402kit/evm";
import { evmChainId } from "@x402kit/types";
import { type Hex, stringToHex } from "viem";
import { settleablePayloadSchema, voucherPayloadSchema } from "../schemas.js";
import { computeChannelId } from "../utils/computeChannelId.js";
import { erc3009DepositNonce } from "../utils/erc3009DepositNonce.js";

/**
 * What a settle spends, so that the facilitator runs each at most once (docs/architecture.md, step 5):
 * - a deposit: its EIP-3009 or Permit2 authorization, `<network>:<token>:<payer>:<nonce>` as for exact;
 * - a claim: its rows (channel and new total), so that a repeated claim is refused, not sent again;
 * - a refund: the channel's refund nonce, which the escrow uses once;
 * - a sweep (`settle`): nothing: sweeping again is harmless (it moves what was claimed since, or nothing), so each
 *   request gets a key of its own;
 * - a voucher: its channel and cumulative amount (settle refuses it: the resource server keeps vouchers).
 */
export function batchSettlementSettlementKey({
  payload,
  requirements,
}: SchemePaymentParameters): string | undefined {
  const network = requirements.network;
  const chainId = evmChainId(network);
  if (chainId === undefined) return undefined;
  const raw = payload.payload;
  const voucher = voucherPayloadSchema.safeParse(raw);
  if (voucher.success)
    return `${network}:batch-settlement:voucher:${voucher.data.voucher.channelId.toLowerCase()}:${voucher.data.voucher.maxClaimableAmount}`;
  const parsed = settleablePayloadSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const settle = parsed.data;
  switch (settle.type) {
    case "deposit": {
      const permit2 = settle.deposit.authorization.permit2Authorization;
      // Permit2's nonces belong to the owner whatever the spender: the same key as an exact Permit2 payment's.
      if (permit2)
        return `${network}:${settle.channelConfig.token.toLowerCase()}:${settle.channelConfig.payer.toLowerCase()}:${BigInt(permit2.nonce)}`;
      const authorization = settle.deposit.authorization.erc3009Authorization;
      if (!authorization) return undefined;
      const channelId = computeChannelId({ config: settle.channelConfig, chainId });
      const nonce = erc3009DepositNonce(channelId, authorization.salt as Hex);
      return `${network}:${settle.channelConfig.token.toLowerCase()}:${settle.channelConfig.payer.toLowerCase()}:${nonce}`;
    }
    case "claim": {
      const rows = settle.claims.map(
        (claim) => `${computeChannelId({ config: claim.voucher.channel, chainId })}=${claim.totalClaimed}`,
      );
      return `${network}:batch-settlement:claim:${keccak256(stringToHex(rows.join(",")))}`;
    }
    case "refund": {
      const channelId = computeChannelId({ config: settle.channelConfig, chainId });
      return `${network}:batch-settlement:refund:${channelId}:${settle.refundNonce}`;
    }
    case "settle":
      return `${network}:batch-settlement:settle:${settle.receiver.toLowerCase()}:${settle.token.toLowerCase()}:${crypto.randomUUID()}`;
  }
}
