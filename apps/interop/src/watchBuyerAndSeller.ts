import type { TestChain } from "@x402kit/testchain";
import { type WatchBalancesReturnType, watchBalances } from "@x402kit/testchain";
import type { Address } from "viem";

/**
 * Watches the two balances that a payment moves, in `token` (default: MockUSDC): the buyer's (default: the chain's
 * first buyer) and the seller's.
 */
export function watchBuyerAndSeller(
  chain: TestChain,
  buyer: Address = chain.accounts.buyer.address,
  token: Address = chain.usdc.address,
): Promise<WatchBalancesReturnType<"buyer" | "seller">> {
  return watchBalances(chain, { buyer, seller: chain.accounts.seller.address }, token);
}
