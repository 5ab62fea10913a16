import type { Extensions } from "@x402kit/types";
import { type Address, erc20Abi } from "viem";
import { readContract } from "viem/actions";
import { eip2612NoncesAbi } from "../abis.js";
import { permit2Address } from "../constants.js";
import { eip2612GasSponsoringKey } from "../extensions/eip2612GasSponsoringExtension.js";
import type { EvmClient } from "../facilitator/types.js";
import type { ExactEvmSigner } from "./signEip3009Authorization.js";

export type SignEip2612GasSponsoringParameters = {
  account: ExactEvmSigner;
  /** Reads the payer's Permit2 allowance and EIP-2612 nonce; without one, nothing is signed. */
  client: EvmClient | undefined;
  /** The 402's `extensions`: a permit is signed only when they offer `eip2612GasSponsoring`. */
  offered: Extensions | undefined;
  chainId: number;
  token: Address;
  /** The token's EIP-712 domain, from the requirements' `extra`; without it, nothing is signed. */
  domain: { name: string; version: string } | undefined;
  /** What Permit2 will move: the permit approves exactly this. */
  amount: bigint;
  /** The Permit2 authorization's deadline: the permit expires with it. */
  deadline: bigint;
};

/** `extensions.eip2612GasSponsoring.info` of a PaymentPayload (extensions/eip2612_gas_sponsoring.md). */
export type Eip2612GasSponsoringInfo = {
  from: Address;
  asset: Address;
  spender: Address;
  amount: string;
  nonce: string;
  deadline: string;
  signature: `0x${string}`;
  version: "1";
};

export type SignEip2612GasSponsoringReturnType =
  | { [eip2612GasSponsoringKey]: { info: Eip2612GasSponsoringInfo } }
  | undefined;

/**
 * The client's half of `eip2612GasSponsoring` (extensions/eip2612_gas_sponsoring.md): when the 402 offers it and
 * the payer's Permit2 allowance is too small, signs an EIP-2612 permit that lets Permit2 spend `amount`, and returns
 * the PaymentPayload `extensions` that carry it, so that the facilitator settles with `settleWithPermit` and the
 * payer needs no approval transaction. Undefined when not offered, not needed, or not possible (no client, no
 * domain, a token without EIP-2612).
 */
export async function signEip2612GasSponsoring(
  parameters: SignEip2612GasSponsoringParameters,
): Promise<SignEip2612GasSponsoringReturnType> {
  const { account, client, offered, chainId, token, domain, amount, deadline } = parameters;
  if (!offered?.[eip2612GasSponsoringKey] || !client || !domain) return undefined;
  const owner = account.address as Address;
  const [allowance, nonce] = await Promise.all([
    readContract(client, {
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [owner, permit2Address],
    }),
    readContract(client, { address: token, abi: eip2612NoncesAbi, functionName: "nonces", args: [owner] }),
  ]).catch(() => [undefined, undefined] as const);
  if (allowance === undefined || nonce === undefined || allowance >= amount) return undefined;
  const signature = await account.signTypedData({
    domain: { ...domain, chainId, verifyingContract: token },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender: permit2Address, value: amount, nonce, deadline },
  });
  const info: Eip2612GasSponsoringInfo = {
    from: owner,
    asset: token,
    spender: permit2Address,
    amount: amount.toString(),
    nonce: nonce.toString(),
    deadline: deadline.toString(),
    signature,
    version: "1",
  };
  return { [eip2612GasSponsoringKey]: { info } };
}
