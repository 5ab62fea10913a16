import { type Address, type Hex, hashTypedData } from "viem";
import { x402BatchSettlementAddress } from "../../src/index.js";

/** A `ChannelConfig` of the escrow (scheme_batch_settlement_evm.md). */
export type ChannelConfig = {
  payer: Address;
  payerAuthorizer: Address;
  receiver: Address;
  receiverAuthorizer: Address;
  token: Address;
  withdrawDelay: number;
  salt: Hex;
};

/** The escrow's EIP-712 domain on the local chain. */
export const batchSettlementDomain = {
  name: "x402 Batch Settlement",
  version: "1",
  chainId: 31337,
  verifyingContract: x402BatchSettlementAddress,
} as const;

export const channelConfigType = [
  { name: "payer", type: "address" },
  { name: "payerAuthorizer", type: "address" },
  { name: "receiver", type: "address" },
  { name: "receiverAuthorizer", type: "address" },
  { name: "token", type: "address" },
  { name: "withdrawDelay", type: "uint40" },
  { name: "salt", type: "bytes32" },
] as const;

/** The channel id: the EIP-712 hash of its config under the escrow's domain. */
export const channelId = (config: ChannelConfig): Hex =>
  hashTypedData({
    domain: batchSettlementDomain,
    types: { ChannelConfig: channelConfigType },
    primaryType: "ChannelConfig",
    message: config,
  });
