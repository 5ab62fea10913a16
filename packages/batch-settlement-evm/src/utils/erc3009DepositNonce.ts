import { keccak256 } from "@x402kit/evm";
import { encodeAbiParameters, type Hex } from "viem";

/**
 * The EIP-3009 nonce of a deposit authorization: `keccak256(abi.encode(channelId, uint256(salt)))`. The collector
 * recomputes it from the channel it is asked to fund, so a deposit authorization funds only its own channel.
 */
export function erc3009DepositNonce(channelId: Hex, salt: Hex): Hex {
  return keccak256(
    encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [channelId, BigInt(salt)]),
  );
}
