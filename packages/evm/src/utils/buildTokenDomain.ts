import type { Address, TypedDataDomain } from "viem";

export type BuildTokenDomainParameters = {
  /** The token's EIP-712 name, from the requirements' `extra.name` (e.g. "USD Coin" on Base, "USDC" on Base Sepolia). */
  name: string;
  /** The token's EIP-712 version, from `extra.version`. */
  version: string;
  chainId: number;
  /** The token contract, the requirements' `asset`. */
  verifyingContract: Address;
};

export type BuildTokenDomainReturnType = TypedDataDomain & {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
};

/** The EIP-712 domain of an EIP-3009 token (scheme_exact_evm.md): `{ name, version, chainId, verifyingContract }`. */
export function buildTokenDomain(parameters: BuildTokenDomainParameters): BuildTokenDomainReturnType {
  const { name, version, chainId, verifyingContract } = parameters;
  return { name, version, chainId, verifyingContract };
}
