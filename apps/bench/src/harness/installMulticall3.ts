import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TestChain } from "@x402kit/testchain";
import type { Hex } from "viem";
import { BenchError } from "./BenchError.js";

/** Where Multicall3 lives on every public EVM chain. */
export const multicall3Address: Hex = "0xcA11bde05977b3631167028862bE2a173976CA11";

/**
 * Puts Multicall3 at its canonical address: the reference facilitator calls it to diagnose a failed simulation,
 * and Hardhat has none. viem carries Multicall3's creation code (not exported, so read from its CommonJS build);
 * an `eth_call` of it yields the runtime code, placed with `hardhat_setCode` (no transaction, no nonce used).
 */
export async function installMulticall3(chain: TestChain): Promise<void> {
  const require = createRequire(import.meta.url);
  const constants = join(dirname(require.resolve("viem")), "constants", "contracts.js");
  const { multicall3Bytecode } = require(constants) as { multicall3Bytecode: Hex };
  const { data } = await chain.publicClient.call({ data: multicall3Bytecode });
  if (!data)
    throw new BenchError("unexpected_response", "Multicall3's creation code returned no runtime code.");
  await chain.testClient.setCode({ address: multicall3Address, bytecode: data });
  const code = await chain.publicClient.getCode({ address: multicall3Address });
  if (code !== data) throw new BenchError("unexpected_response", "Multicall3 was not installed.");
}
