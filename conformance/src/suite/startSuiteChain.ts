import { mockUsdcAbi, mockUsdcBytecode } from "@x402kit/contracts";
import { type StartTestChainParameters, startTestChain } from "@x402kit/testchain";
import type { Address, Hex } from "viem";
import { buildSuiteChain, type SuiteChain } from "./suiteChain.js";

export type StartSuiteChainParameters = {
  /**
   * Chain id to run (v1 clients only know named networks, e.g. 84532 `base-sepolia`). Passed to `startTestChain`;
   * the suite reads back the id the node really has.
   */
  chainId?: number;
};

export type StartSuiteChainReturnType = SuiteChain & {
  /** A funded key for the facilitator under test (`FACILITATOR_PRIVATE_KEY`). */
  facilitatorKey: Hex;
  /** A funded key for the suite's own facilitator (server and client targets). */
  suiteFacilitatorKey: Hex;
};

export const otherTokenName = "Other Coin";

/** Starts the suite's own chain through `@x402kit/testchain`: MockUSDC, a second token, funded accounts. */
export async function startSuiteChain(
  parameters: StartSuiteChainParameters = {},
): Promise<StartSuiteChainReturnType> {
  const options = { buyers: 2, fundUsdc: 0n, ...(parameters.chainId ? { chainId: parameters.chainId } : {}) };
  const chain = await startTestChain(options as StartTestChainParameters);
  try {
    const other = await chain.deploy({
      abi: mockUsdcAbi,
      bytecode: mockUsdcBytecode,
      args: [otherTokenName, "2"],
    });
    const suite = buildSuiteChain({
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      usdc: { address: chain.usdc.address, name: chain.usdc.name, version: chain.usdc.version },
      otherToken: { address: other as Address, name: otherTokenName, version: "2" },
      // The seller account has ETH and nothing else to do: the suite pays to fresh addresses.
      operator: chain.accounts.seller.account,
      mint: async (to, amount, token) => {
        await chain.mint(to, amount, token);
      },
      stop: () => chain.stop(),
    });
    return {
      ...suite,
      facilitatorKey: chain.accounts.facilitator.privateKey,
      suiteFacilitatorKey: chain.accounts.buyers[1]!.privateKey,
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
