import { mockUsdcAbi } from "@x402kit/contracts";
import type { TestChain } from "@x402kit/testchain";
import type { Address, Hex } from "viem";

export type CountAuthorizationUsesParameters = {
  chain: TestChain;
  authorizer: Address;
  nonce: Hex;
  /** Default: the chain's MockUSDC. */
  token?: Address | undefined;
  /** Default: block 0. */
  fromBlock?: bigint | undefined;
};

/** How many times an EIP-3009 authorization was used on-chain (`AuthorizationUsed` events): a transfer count. */
export async function countAuthorizationUses(parameters: CountAuthorizationUsesParameters): Promise<number> {
  const { chain, authorizer, nonce } = parameters;
  const events = await chain.publicClient.getContractEvents({
    address: parameters.token ?? chain.usdc.address,
    abi: mockUsdcAbi,
    eventName: "AuthorizationUsed",
    args: { authorizer, nonce },
    fromBlock: parameters.fromBlock ?? 0n,
  });
  return events.length;
}
