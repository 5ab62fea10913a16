import type { Address } from "viem";
import type { TestChain } from "./types.js";

export type WatchBalancesReturnType<name extends string> = {
  /** Balance changes since the watch began, in atomic units (negative: spent). */
  deltas(): Promise<Record<name, bigint>>;
};

/** Notes the balances of some accounts in `token` (default: MockUSDC) now, to compare them with later ones. */
export async function watchBalances<name extends string>(
  chain: TestChain,
  owners: Record<name, Address>,
  token: Address = chain.usdc.address,
): Promise<WatchBalancesReturnType<name>> {
  const names = Object.keys(owners) as name[];
  const read = () => Promise.all(names.map((n) => chain.balanceOf(token, owners[n])));
  const before = await read();
  return {
    async deltas() {
      const after = await read();
      return Object.fromEntries(names.map((n, i) => [n, after[i]! - before[i]!])) as Record<name, bigint>;
    },
  };
}
