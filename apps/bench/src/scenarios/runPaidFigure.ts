import type { TestChain } from "@x402kit/testchain";
import { erc20Abi, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { checkBalances } from "../harness/checkBalances.js";
import { describeResponse } from "../harness/describeResponse.js";
import { measure } from "../harness/measure.js";
import type { SpawnedFacilitator } from "../harness/spawnFacilitator.js";
import type { FigureResult } from "../report/benchResultsSchema.js";
import { recordMemory } from "./recordMemory.js";
import type { Participant, ScenarioContext } from "./types.js";

export type RunPaidFigureParameters = {
  context: ScenarioContext;
  participant: Participant;
  facilitator: SpawnedFacilitator;
  paidFetch: typeof globalThis.fetch;
  name: string;
  concurrency: number;
  count: number;
  /** Paid requests off the clock first, at once (a new server and facilitator initialise on their first requests). */
  warmup: number;
  /** Waits until a transfer whose request failed has landed, before the balances are read. */
  settleDown: () => Promise<unknown>;
};

export const paidPrice = 1_000n; // 0.001 USDC
const requestTimeoutMs = 60_000;
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

const balanceOf = (chain: TestChain, token: Hex, owner: Hex) =>
  chain.publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [owner],
  });

/**
 * One paid-request figure for one implementation: a fresh payee and a server for it, closed-loop paid requests
 * (client -> server -> facilitator -> chain), a success being a 200 with the handler's body. After the run the
 * buyer's and the payee's balances must have moved by exactly (successes x price): no payment lost, none taken twice.
 */
export async function runPaidFigure(parameters: RunPaidFigureParameters): Promise<FigureResult> {
  const { context, participant, facilitator, paidFetch, name, concurrency, count, warmup, settleDown } =
    parameters;
  const { chain, benchChain } = context;
  const token = benchChain.usdc.address;
  const payTo = privateKeyToAddress(generatePrivateKey());
  const server = await participant.implementation.startServer({
    chain: benchChain,
    facilitatorUrl: facilitator.url,
    payTo,
    amount: paidPrice,
    payment: true,
  });
  try {
    const pay = async () => {
      const response = await paidFetch(`${server.url}/paid`, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const body = await response.text();
      if (response.status !== 200) throw new Error(describeResponse(response, body));
    };
    // Warm-up, off the clock and before the balances are read.
    await Promise.all(Array.from({ length: warmup }, () => pay().catch(() => {})));
    await settleDown();
    const before = {
      buyer: await balanceOf(chain, token, participant.buyerAddress),
      payTo: await balanceOf(chain, token, payTo),
    };

    await facilitator.resetPeak();
    const result = await measure({ name, concurrency, count, run: pay });
    const { peakRss } = await facilitator.memory();
    recordMemory(context.memory, participant.implementation.name, "paid", peakRss);

    await settleDown();
    const after = {
      buyer: await balanceOf(chain, token, participant.buyerAddress),
      payTo: await balanceOf(chain, token, payTo),
    };
    const balances = checkBalances({ before, after, successes: result.successes, price: paidPrice });
    return { ...result, balances, facilitatorPeakRssMb: mb(peakRss) };
  } finally {
    await server.close();
  }
}
