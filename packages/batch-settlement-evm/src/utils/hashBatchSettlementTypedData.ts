import { keccak256 } from "@x402kit/evm";
import { type Address, encodeAbiParameters, type Hex, hexToBytes, stringToHex } from "viem";
import {
  batchSettlementAddress,
  batchSettlementDomainName,
  batchSettlementDomainVersion,
} from "../constants.js";

const typeHash = (type: string) => keccak256(stringToHex(type));

const domainTypeHash = typeHash(
  "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
);
/** The type hashes of scheme_batch_settlement_evm.md, as the escrow computes them. */
export const channelConfigTypeHash = typeHash(
  "ChannelConfig(address payer,address payerAuthorizer,address receiver,address receiverAuthorizer,address token,uint40 withdrawDelay,bytes32 salt)",
);
export const voucherTypeHash = typeHash("Voucher(bytes32 channelId,uint128 maxClaimableAmount)");
export const refundTypeHash = typeHash("Refund(bytes32 channelId,uint256 nonce,uint128 amount)");
export const claimEntryTypeHash = typeHash(
  "ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)",
);
export const claimBatchTypeHash = typeHash(
  "ClaimBatch(ClaimEntry[] claims)ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)",
);

const separators = new Map<number, Hex>();

/** The escrow's EIP-712 domain separator on `chainId`, computed once per chain. */
export function batchSettlementDomainSeparator(chainId: number): Hex {
  let separator = separators.get(chainId);
  if (!separator) {
    separator = keccak256(
      encodeAbiParameters(
        [
          { type: "bytes32" },
          { type: "bytes32" },
          { type: "bytes32" },
          { type: "uint256" },
          { type: "address" },
        ],
        [
          domainTypeHash,
          keccak256(stringToHex(batchSettlementDomainName)),
          keccak256(stringToHex(batchSettlementDomainVersion)),
          BigInt(chainId),
          batchSettlementAddress as Address,
        ],
      ),
    );
    separators.set(chainId, separator);
  }
  return separator;
}

/** Per chain: `0x1901 ‖ domainSeparator ‖ (32 bytes for the struct hash)`, the digest's preimage. */
const preimages = new Map<number, Uint8Array>();

/**
 * The EIP-712 digest `keccak256(0x1901 ‖ domainSeparator ‖ structHash)` under the escrow's domain. Equal to viem's
 * `hashTypedData` for the batch-settlement types, without re-hashing the domain and the type string each time (a
 * voucher is hashed on every paid request). `structHash` as hex or as its 32 bytes.
 */
export function hashBatchSettlementTypedData(chainId: number, structHash: Hex | Uint8Array): Hex {
  let preimage = preimages.get(chainId);
  if (!preimage) {
    preimage = new Uint8Array(66);
    preimage.set([0x19, 0x01]);
    preimage.set(hexToBytes(batchSettlementDomainSeparator(chainId)), 2);
    preimages.set(chainId, preimage);
  }
  // Synchronous from here to the hash: the shared buffer is never seen half-written.
  preimage.set(typeof structHash === "string" ? hexToBytes(structHash) : structHash, 34);
  return keccak256(preimage);
}
