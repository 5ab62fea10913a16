import type { Eip2612Permit, Permit2AuthorizationValues } from "@x402kit/evm";
import { type Address, encodeFunctionData, type Hex } from "viem";
import { uptoPermit2ProxyAbi } from "../abis.js";

/** An upto authorization's values: Permit2's, with the facilitator in the witness. */
export type UptoPermit2AuthorizationValues = Permit2AuthorizationValues<{
  to: Address;
  facilitator: Address;
  validAfter: bigint;
}>;

export type EncodeUptoSettlementParameters = {
  authorization: UptoPermit2AuthorizationValues;
  signature: Hex;
  /** The amount to move, at most `permitted.amount`. */
  amount: bigint;
  /** The payer's EIP-2612 permit for Permit2 (extensions/eip2612_gas_sponsoring.md): `settleWithPermit`. */
  permit2612?: Eip2612Permit | undefined;
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
