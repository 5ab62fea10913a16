import {
  erc3009DepositCollectorAddress,
  erc3009DepositCollectorDeployedBytecode,
  permit2DepositCollectorAddress,
  permit2DepositCollectorDeployedBytecode,
  x402BatchSettlementAddress,
  x402BatchSettlementDeployedBytecode,
} from "@x402kit/contracts";
import { getAddress } from "viem";
import type { TestChainBatchSettlement } from "../types.js";

export type InstallBatchSettlementParameters = {
  /** A JSON-RPC request to the Hardhat node. */
  rpc: (method: string, params: unknown[]) => Promise<unknown>;
};

/**
 * Puts x402kit's `batch-settlement` escrow and its EIP-3009 and Permit2 deposit collectors at the canonical addresses
 * (scheme_batch_settlement_evm.md annex) with `hardhat_setCode`, so that clients, servers and facilitators built for
 * real chains (the reference's included) find them. None has immutables or constructor state. The Permit2 collector
 * needs Permit2 itself (`startTestChain({ permit2: true })`).
 */
export async function installBatchSettlement({
  rpc,
}: InstallBatchSettlementParameters): Promise<TestChainBatchSettlement> {
  await rpc("hardhat_setCode", [x402BatchSettlementAddress, x402BatchSettlementDeployedBytecode]);
  await rpc("hardhat_setCode", [erc3009DepositCollectorAddress, erc3009DepositCollectorDeployedBytecode]);
  await rpc("hardhat_setCode", [permit2DepositCollectorAddress, permit2DepositCollectorDeployedBytecode]);
  return {
    escrow: getAddress(x402BatchSettlementAddress),
    depositCollector: getAddress(erc3009DepositCollectorAddress),
    permit2DepositCollector: getAddress(permit2DepositCollectorAddress),
  };
}
