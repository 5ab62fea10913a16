import { type Address, encodeAbiParameters, type Hex, keccak256 } from "viem";
import type { ChannelConfig } from "../schemas.js";
import { channelConfigTypeHash, hashBatchSettlementTypedData } from "./hashBatchSettlementTypedData.js";

export type ComputeChannelIdParameters = { config: ChannelConfig; chainId: number };

/**
 * The channel id: the EIP-712 hash of the channel's config under the escrow's domain on `chainId`
 * (scheme_batch_settlement_evm.md, "Channel creation"). Lower-case hex, as keys are stored.
 */
export function computeChannelId({ config, chainId }: ComputeChannelIdParameters): Hex {
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
