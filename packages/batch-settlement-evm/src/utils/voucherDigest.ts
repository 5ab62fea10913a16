import { keccak256 } from "@x402kit/evm";
import { type Hex, hexToBytes } from "viem";
import { hashBatchSettlementTypedData, voucherTypeHash } from "./hashBatchSettlementTypedData.js";

export type VoucherDigestParameters = { channelId: Hex; maxClaimableAmount: bigint; chainId: number };

const maxUint128 = (1n << 128n) - 1n;
const bytes32 = /^0x[0-9a-fA-F]{64}$/;
/** `voucherTypeHash ‖ channelId ‖ maxClaimableAmount`: the struct's encoding, the type hash written once. */
const encoded = new Uint8Array(96);
encoded.set(hexToBytes(voucherTypeHash));

/**
 * The EIP-712 digest of `Voucher(channelId, maxClaimableAmount)`: what the payer authorizer signs per request. The
 * struct is three static words, so it is encoded by hand into bytes (the same bytes as `encodeAbiParameters`, without
 * its cost, nor hex round trips, on every paid request).
 */
export function voucherDigest({ channelId, maxClaimableAmount, chainId }: VoucherDigestParameters): Hex {
  if (!bytes32.test(channelId)) throw new TypeError(`Not a bytes32 channel id: ${channelId}.`);
  if (maxClaimableAmount < 0n || maxClaimableAmount > maxUint128)
    throw new RangeError(`maxClaimableAmount ${maxClaimableAmount} is not a uint128.`);
  // Synchronous from here to the hash: the shared buffer is never seen half-written.
  encoded.set(hexToBytes(channelId), 32);
  let amount = maxClaimableAmount;
  for (let i = 95; i >= 64; i--) {
    encoded[i] = Number(amount & 0xffn);
    amount >>= 8n;
  }
  return hashBatchSettlementTypedData(chainId, keccak256(encoded, "bytes"));
}
