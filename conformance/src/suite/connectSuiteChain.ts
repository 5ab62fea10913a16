import { mockUsdcAbi, mockUsdcBytecode } from "@x402kit/contracts";
import { createPublicClient, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ConformanceError } from "../errors/ConformanceError.js";
import { otherTokenName } from "./startSuiteChain.js";
import { buildSuiteChain, type SuiteChain } from "./suiteChain.js";

/** Hardhat's and anvil's first dev account: funded on every local dev chain. */
export const defaultDevKey: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

export type ConnectSuiteChainParameters = {
  rpcUrl: string;
  /** A key with ETH on that chain: it deploys the suite's MockUSDC and mints. */
  devKey?: Hex;
};

/**
 * Uses a chain that is already running (the `--rpc-url` mode): the suite deploys its own MockUSDC there, so the
 * facilitator under test must accept any EIP-3009 token named by the requirements.
 */
export async function connectSuiteChain(parameters: ConnectSuiteChainParameters): Promise<SuiteChain> {
  const { rpcUrl, devKey = defaultDevKey } = parameters;
  const account = privateKeyToAccount(devKey);
  const publicClient = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 });
  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch (cause) {
    throw new ConformanceError("chain_unreachable", `No JSON-RPC answer at ${rpcUrl}.`, { cause });
  }
  const wallet = createWalletClient({ transport: http(rpcUrl), account, pollingInterval: 50 });
  const deploy = async (name: string) => {
    const hash = await wallet.deployContract({
      abi: mockUsdcAbi,
      bytecode: mockUsdcBytecode,
      args: [name, "2"],
      chain: null,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new ConformanceError("deploy_failed", `Deploying ${name} failed.`);
    return receipt.contractAddress;
  };
  const usdc = await deploy("USD Coin");
  const other = await deploy(otherTokenName);
  return buildSuiteChain({
    rpcUrl,
    chainId,
    usdc: { address: usdc, name: "USD Coin", version: "2" },
    otherToken: { address: other, name: otherTokenName, version: "2" },
    operator: account,
    stop: async () => {},
  });
}
