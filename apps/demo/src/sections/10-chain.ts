import { startTestChain, type TestChainToken, type TestChainWithPermit2 } from "@x402kit/testchain";
import { defineSection } from "../demo/defineSection.js";

export type DemoToken = TestChainToken & { symbol: string };

declare module "../demo/types.js" {
  interface Stage {
    /** The local chain, with Permit2, the x402 proxies, MockUSDC and Permit Dollar. */
    chain: TestChainWithPermit2;
    /** The block before any payment: the reconciliation reads balances there. */
    startBlock: bigint;
    /** MockUSDC ("USDC": EIP-3009 and EIP-2612) and Permit Dollar ("PUSD": EIP-2612 only). */
    tokens: { usdc: DemoToken; pusd: DemoToken };
  }
}

export default defineSection({
  name: "chain",
  title: "A local chain: hardhat node on a free loopback port",
  run: async (demo) => {
    // `permit2: true` adds Permit2, the x402 exact and upto proxies at their canonical addresses, and
    // MockERC20Permit ("Permit Dollar": EIP-2612, no EIP-3009, so Permit2 is its only x402 path).
    const chain = await startTestChain({ permit2: true });
    demo.onStop(() => chain.stop());
    demo.provide("chain", chain);
    demo.provide("startBlock", await chain.publicClient.getBlockNumber());
    const tokens = {
      usdc: { ...chain.usdc, symbol: "USDC" },
      pusd: { ...chain.permit2Token, symbol: "PUSD" },
    };
    demo.provide("tokens", tokens);
    const { buyer, seller } = chain.accounts;
    const field = (label: string, value: string) => demo.print(`${label.padEnd(16)} ${value}`);
    field("rpc", `${chain.rpcUrl} (${chain.network})`);
    field("USDC", `${tokens.usdc.address}  MockUSDC: EIP-3009 and EIP-2612, USDC's EIP-712 domain`);
    field("PUSD", `${tokens.pusd.address}  Permit Dollar: EIP-2612 only, so paid through Permit2`);
    field("Permit2", chain.permit2.address);
    field("x402 exact proxy", chain.permit2.exactProxy);
    field("x402 upto proxy", chain.permit2.uptoProxy);
    field("buyer", `${buyer.address}  1000 USDC, 1000 PUSD, no Permit2 approval`);
    field("seller", seller.address);
  },
});
