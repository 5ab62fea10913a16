import type { Eip2612Permit } from "@x402kit/evm";
import { encodeAbiParameters, type Hex } from "viem";
import type { Permit2DepositAuthorization } from "../schemas.js";

/**
 * `collectorData` for the Permit2 collector: `abi.encode(uint256 nonce, uint256 deadline, bytes signature, bytes
 * permit2612)`, where `permit2612` is empty or the payer's EIP-2612 permit for Permit2,
 * `abi.encode(uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)`.
 */
export function encodePermit2CollectorData(
  authorization: Pick<Permit2DepositAuthorization, "nonce" | "deadline" | "signature">,
  permit2612?: Eip2612Permit | undefined,
): Hex {
  const permit = permit2612
    ? encodeAbiParameters(
        [
          { type: "uint256" },
          { type: "uint256" },
          { type: "uint8" },
          { type: "bytes32" },
          { type: "bytes32" },
        ],
        [permit2612.value, permit2612.deadline, permit2612.v, permit2612.r, permit2612.s],
      )
    : "0x";
  return encodeAbiParameters(
    [{ type: "uint256" }, { type: "uint256" }, { type: "bytes" }, { type: "bytes" }],
    [BigInt(authorization.nonce), BigInt(authorization.deadline), authorization.signature as Hex, permit],
  );
}
