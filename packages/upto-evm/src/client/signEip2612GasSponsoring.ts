import type { EvmClient, ExactEvmSigner } from "@x402kit/evm";
import { type Address, erc20Abi } from "viem";
import { readContract } from "viem/actions";
import { permit2Address } from "../constants.js";

const noncesAbi = [
  {
    type: "function",
    name: "nonces",
    stateMutability: "view",
    inputs: [{ name: "owner", type: "address" }],
    outputs: [{ name: "", type: "uint256" }],
  },
] as const;

export type SignEip2612GasSponsoringParameters = {
  account: ExactEvmSigner;
  client: EvmClient;
  chainId: number;
  token: Address;
  /** The token's EIP-712 domain, from the requirements' `extra`. */
  domain: { name: string; version: string };
  /** What Permit2 will move: the permit approves exactly this. */
  amount: bigint;
  deadline: bigint;
};

/** `extensions.eip2612GasSponsoring.info` (extensions/eip2612_gas_sponsoring.md). */
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

/**
 * Signs an EIP-2612 permit that lets Permit2 spend `amount` of the token, when the payer's Permit2 allowance is too
 * small, so that the facilitator submits it with `settleWithPermit` (extensions/eip2612_gas_sponsoring.md). Returns
 * undefined when the allowance is already enough or the token does not answer (then it has no EIP-2612).
 */
export async function signEip2612GasSponsoring(
  parameters: SignEip2612GasSponsoringParameters,
): Promise<Eip2612GasSponsoringInfo | undefined> {
  const { account, client, chainId, token, domain, amount, deadline } = parameters;
  const owner = account.address as Address;
  const [allowance, nonce] = await Promise.all([
    readContract(client, {
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [owner, permit2Address],
    }),
    readContract(client, { address: token, abi: noncesAbi, functionName: "nonces", args: [owner] }),
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
  return {
    from: owner,
    asset: token,
    spender: permit2Address,
    amount: amount.toString(),
    nonce: nonce.toString(),
    deadline: deadline.toString(),
    signature,
    version: "1",
  };
}
