import type { SplitSignatureReturnType } from "@x402kit/evm";
import { encodeFunctionData, type Hex } from "viem";
import { uptoPermit2ProxyAbi } from "../abis.js";
import type { UptoPermit2AuthorizationValues } from "../utils/parseUptoPermit2Authorization.js";

export type EncodeUptoSettlementParameters = {
  authorization: UptoPermit2AuthorizationValues;
  signature: Hex;
  /** The amount to move, at most `permitted.amount`. */
  amount: bigint;
  /** The payer's EIP-2612 permit for Permit2 (extensions/eip2612_gas_sponsoring.md): `settleWithPermit`. */
  permit2612?: ({ value: bigint; deadline: bigint } & SplitSignatureReturnType) | undefined;
};

/** Calldata of the upto proxy's `settle(permit, amount, owner, witness, signature)`, or of `settleWithPermit`. */
export function encodeUptoSettlement(parameters: EncodeUptoSettlementParameters): Hex {
  const { authorization, signature, amount, permit2612 } = parameters;
  const { permitted, nonce, deadline, from, witness } = authorization;
  const args = [{ permitted, nonce, deadline }, amount, from, witness, signature] as const;
  if (!permit2612) return encodeFunctionData({ abi: uptoPermit2ProxyAbi, functionName: "settle", args });
  const { value, deadline: permitDeadline, r, s, v } = permit2612;
  return encodeFunctionData({
    abi: uptoPermit2ProxyAbi,
    functionName: "settleWithPermit",
    args: [{ value, deadline: permitDeadline, r, s, v }, ...args],
  });
}
