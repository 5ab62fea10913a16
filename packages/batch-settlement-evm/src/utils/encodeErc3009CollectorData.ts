import { encodeAbiParameters, type Hex } from "viem";
import type { Erc3009DepositAuthorization } from "../schemas.js";

/** `collectorData` for the EIP-3009 collector: `abi.encode(validAfter, validBefore, uint256(salt), signature)`. */
export function encodeErc3009CollectorData(authorization: Erc3009DepositAuthorization): Hex {
  return encodeAbiParameters(
    [{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "bytes" }],
    [
      BigInt(authorization.validAfter),
      BigInt(authorization.validBefore),
      BigInt(authorization.salt),
      authorization.signature as Hex,
    ],
  );
}
