import { encodeFunctionData, type Hex } from "viem";
import { exactPermit2ProxyAbi } from "../abis.js";
import type { Permit2AuthorizationValues } from "../utils/parsePermit2Authorization.js";
import type { Eip2612Permit } from "./parseEip2612GasSponsoring.js";

export type EncodeExactPermit2SettlementParameters = {
  authorization: Permit2AuthorizationValues;
  signature: Hex;
  /** The payer's EIP-2612 permit for Permit2 (extensions/eip2612_gas_sponsoring.md): `settleWithPermit`. */
  permit2612?: Eip2612Permit | undefined;
};

/**
 * Calldata of the x402 exact proxy's `settle(permit, owner, witness, signature)`, or of `settleWithPermit` with
 * the payer's EIP-2612 permit first (scheme_exact_evm.md §2 phase 4). The proxy moves the whole permitted amount.
 */
export function encodeExactPermit2Settlement(parameters: EncodeExactPermit2SettlementParameters): Hex {
  const { authorization, signature, permit2612 } = parameters;
  const { permitted, nonce, deadline, from, witness } = authorization;
  const args = [{ permitted, nonce, deadline }, from, witness, signature] as const;
  if (!permit2612) return encodeFunctionData({ abi: exactPermit2ProxyAbi, functionName: "settle", args });
  const { value, deadline: permitDeadline, r, s, v } = permit2612;
  return encodeFunctionData({
    abi: exactPermit2ProxyAbi,
    functionName: "settleWithPermit",
    args: [{ value, deadline: permitDeadline, r, s, v }, ...args],
  });
}
