import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createPublicClient, type Hex, http } from "viem";

/** Where Multicall3 lives on every public EVM chain. */
export const multicall3Address = "0xcA11bde05977b3631167028862bE2a173976CA11" as const;

/**
 * Puts Multicall3 at its canonical address on a local chain: the reference facilitator calls it to explain failed
 * simulations, and Hardhat has none. viem ships Multicall3's creation code (for its deployless multicall); an
 * `eth_call` of it returns the runtime code, placed with `hardhat_setCode` (or `anvil_setCode`).
 */
export async function installMulticall3(rpcUrl: string): Promise<void> {
  const client = createPublicClient({ transport: http(rpcUrl) });
  if ((await client.getCode({ address: multicall3Address }))?.length) return;
  const require = createRequire(import.meta.url);
  const { multicall3Bytecode } = require(
    join(dirname(require.resolve("viem")), "constants", "contracts.js"),
  ) as {
    multicall3Bytecode: Hex;
  };
  const runtime = (await client.request({
    method: "eth_call",
    params: [{ data: multicall3Bytecode }, "latest"],
  })) as Hex;
  for (const method of ["hardhat_setCode", "anvil_setCode"]) {
    try {
      await client.request({ method, params: [multicall3Address, runtime] } as never);
      return;
    } catch (error) {
      if (method === "anvil_setCode") throw error;
    }
  }
}
