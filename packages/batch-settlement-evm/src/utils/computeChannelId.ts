import { keccak256 } from "@x402kit/evm";
import { type Address, encodeAbiParameters, type Hex } from "viem";
import type { ChannelConfig } from "../schemas.js";
import { channelConfigTypeHash, hashBatchSettlementTypedData } from "./hashBatchSettlementTypedData.js";

export type ComputeChannelIdParameters = { config: ChannelConfig; chainId: number };

// Every paid request hashes its channel's config (client and server): the ids of recent configs are kept.
const recent = new Map<string, Hex>();
const maxRecent = 10_000;

/**
 * The channel id: the EIP-712 hash of the channel's config under the escrow's domain on `chainId`
 * (scheme_batch_settlement_evm.md, "Channel creation"). Lower-case hex, as keys are stored.
 */
export function computeChannelId({ config, chainId }: ComputeChannelIdParameters): Hex {
  const key = `${chainId}:${config.payer}:${config.payerAuthorizer}:${config.receiver}:${config.receiverAuthorizer}:${config.token}:${config.withdrawDelay}:${config.salt}`;
  const known = recent.get(key);
  if (known) return known;
  const channelId = hashChannelConfig(config, chainId);
  if (recent.size >= maxRecent) recent.delete(recent.keys().next().value!);
  recent.set(key, channelId);
  return channelId;
}

function hashChannelConfig(config: ChannelConfig, chainId: number): Hex {
  const structHash = keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "address" },
        { type: "address" },
        { type: "address" },
        { type: "address" },
        { type: "address" },
        { type: "uint40" },
        { type: "bytes32" },
      ],
      [
        channelConfigTypeHash,
        config.payer as Address,
        config.payerAuthorizer as Address,
        config.receiver as Address,
        config.receiverAuthorizer as Address,
        config.token as Address,
        config.withdrawDelay,
        config.salt as Hex,
      ],
    ),
  );
  return hashBatchSettlementTypedData(chainId, structHash);
}
