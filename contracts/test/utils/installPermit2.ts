import type { Hex } from "viem";
import {
  permit2Address,
  permit2RuntimeBytecode,
  x402ExactPermit2ProxyAddress,
  x402ExactPermit2ProxyDeployedBytecode,
  x402UptoPermit2ProxyAddress,
  x402UptoPermit2ProxyDeployedBytecode,
} from "../../src/index.js";
import type { ConnectChainReturnType } from "./connectChain.js";

/** Puts Permit2 and both x402 proxies at their canonical addresses (`hardhat_setCode`). */
export async function installPermit2(chain: ConnectChainReturnType): Promise<void> {
  const code: [string, Hex][] = [
    [permit2Address, permit2RuntimeBytecode],
    [x402ExactPermit2ProxyAddress, x402ExactPermit2ProxyDeployedBytecode],
    [x402UptoPermit2ProxyAddress, x402UptoPermit2ProxyDeployedBytecode],
  ];
  for (const [address, bytecode] of code)
    await chain.testClient.setCode({ address: address as `0x${string}`, bytecode });
}
