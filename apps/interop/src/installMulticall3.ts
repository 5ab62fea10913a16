import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createPublicClient, type Hex, http, parseAbi } from "viem";
import { InteropSetupError } from "./InteropSetupError.js";

/** The address at which Multicall3 lives on every public EVM chain. */
export const multicall3Address = "0xcA11bde05977b3631167028862bE2a173976CA11" as const;

export type InstallMulticall3Parameters = {
  rpcUrl: string;
  chainId: number;
  setCode(address: Hex, code: Hex): Promise<void>;
};

/**
 * Puts Multicall3 at its canonical address on a local chain. The reference facilitator calls it to explain a failed
 * simulation (insufficient balance, nonce used, wrong domain); Hardhat has no Multicall3.
 *
 * The creation code comes from viem, which ships Multicall3's as data for its "deployless" multicall. viem does not
 * export it from its entry points, so it is read from viem's own CommonJS build. An `eth_call` of creation code
 * returns the runtime code, which is then placed with `setCode`: no transaction, so no account nonce is used.
 */
export async function installMulticall3(parameters: InstallMulticall3Parameters): Promise<void> {
  const require = createRequire(import.meta.url);
  const viemEntry = require.resolve("viem");
  const { multicall3Bytecode } = require(join(dirname(viemEntry), "constants", "contracts.js")) as {
    multicall3Bytecode: Hex;
  };
  const client = createPublicClient({ transport: http(parameters.rpcUrl) });
  const runtime = (await client.request({
    method: "eth_call",
    params: [{ data: multicall3Bytecode }, "latest"],
  })) as Hex;
  await parameters.setCode(multicall3Address, runtime);
  const chainId = await client.readContract({
    address: multicall3Address,
    abi: parseAbi(["function getChainId() view returns (uint256)"]),
    functionName: "getChainId",
  });
  if (chainId !== BigInt(parameters.chainId)) {
    throw new InteropSetupError("multicall3_mismatch", `Multicall3 answered chain id ${chainId}.`, {
      expected: parameters.chainId,
    });
  }
}
