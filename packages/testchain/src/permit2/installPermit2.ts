import {
  permit2Address,
  permit2RuntimeBytecode,
  x402ExactPermit2ProxyAddress,
  x402ExactPermit2ProxyDeployedBytecode,
  x402UptoPermit2ProxyAddress,
  x402UptoPermit2ProxyDeployedBytecode,
} from "@x402kit/contracts";
import { type Address, getAddress, type Hex } from "viem";

export type InstallPermit2Parameters = {
  /** A JSON-RPC request to the Hardhat node. */
  rpc: (method: string, params: unknown[]) => Promise<unknown>;
};

export type InstallPermit2ReturnType = { address: Address; exactProxy: Address; uptoProxy: Address };

/**
 * Puts Uniswap's Permit2 and the x402 exact and upto Permit2 proxies at their canonical addresses with
 * `hardhat_setCode` (scheme_exact_evm.md, scheme_upto_evm.md), so that code built for real chains works unchanged.
 * Permit2's cached chain id is patched out at build time (@x402kit/contracts), so its domain separator is computed
 * for this chain's id.
 */
export async function installPermit2({ rpc }: InstallPermit2Parameters): Promise<InstallPermit2ReturnType> {
  const code: [Address, Hex][] = [
    [permit2Address, permit2RuntimeBytecode],
    [x402ExactPermit2ProxyAddress, x402ExactPermit2ProxyDeployedBytecode],
    [x402UptoPermit2ProxyAddress, x402UptoPermit2ProxyDeployedBytecode],
  ];
  for (const [address, bytecode] of code) await rpc("hardhat_setCode", [address, bytecode]);
  return {
    address: getAddress(permit2Address),
    exactProxy: getAddress(x402ExactPermit2ProxyAddress),
    uptoProxy: getAddress(x402UptoPermit2ProxyAddress),
  };
}
