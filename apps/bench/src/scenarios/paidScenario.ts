import { x402BatchSettlerAbi, x402BatchSettlerBytecode } from "@x402kit/contracts";
import { erc20Abi, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { checkBalances } from "../harness/checkBalances.js";
import { describeResponse } from "../harness/describeResponse.js";
import { measure } from "../harness/measure.js";
import { type SpawnedFacilitator, spawnFacilitator } from "../harness/spawnFacilitator.js";
import { recordMemory } from "./recordMemory.js";
import { runSideBySide } from "./runSideBySide.js";
import { startParticipantFacilitator } from "./startParticipantFacilitator.js";
import type { FigureRow, ScenarioContext } from "./types.js";

const price = 1_000n; // 0.001 USDC
const requestTimeoutMs = 60_000;
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Session = { facilitator: SpawnedFacilitator; paidFetch: typeof globalThis.fetch };

/**
 * Scenario 2: end-to-end paid requests, client -> server -> facilitator -> chain, with automine and with blocks
 * every `intervalMiningMs`. A success is a 200 with the handler's body. After each run the buyer's and the payee's
 * balances must have moved by exactly (successes x price): no payment lost, none taken twice. Each run gets its own
 * server and a fresh payee, so runs cannot see each other's transfers.
 */
export async function paidScenario(context: ScenarioContext): Promise<FigureRow[]> {
  const { chain, benchChain, plan } = context;
  const label = (mining: string) =>
    mining === "automine" ? "automine" : `${plan.intervalMiningMs / 1000}s blocks`;
  const figures = plan.paid.map(({ mining, concurrency, count, batch }) => ({
    scenario: "paid" as const,
    name: `paid ${label(mining)} c=${concurrency}${batch ? " batched" : ""}`,
    parameters: {
      mining,
      concurrency,
      count,
      settlement: batch ? ("batch" as const) : ("single" as const),
    },
    only: batch ? ("x402kit" as const) : undefined,
  }));
  let settler: Promise<Hex> | undefined;
  const balance = (owner: Hex) =>
    chain.publicClient.readContract({
      address: benchChain.usdc.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });
  let mining: string | undefined;
  // A transfer whose request failed may still land in the next block: let it, before balances are read.
  const settleDown = () => (mining === "automine" ? Promise.resolve() : sleep(plan.intervalMiningMs * 1.5));

  try {
    return await runSideBySide<Session, (typeof figures)[number]>(context, {
      figures,
      async setup(participant) {
        const paidFetch = participant.implementation.createPaidFetch({
          chain: benchChain,
          privateKey: participant.buyerKey,
        });
        return { facilitator: await startParticipantFacilitator(context, participant), paidFetch };
      },
      async beforeFigure(figure) {
        if (figure.parameters.mining === mining) return;
        mining = figure.parameters.mining;
        await chain.setIntervalMining(mining === "automine" ? 0 : plan.intervalMiningMs);
      },
      async run(session, figure, participant) {
        const { paidFetch } = session;
        const { concurrency, count } = figure.parameters;
        const payTo = privateKeyToAddress(generatePrivateKey());
        // The batched figure gets a facilitator of its own that settles through X402BatchSettler.
        settler ??=
          figure.parameters.settlement === "batch"
            ? chain.deploy({ abi: x402BatchSettlerAbi, bytecode: x402BatchSettlerBytecode })
            : undefined;
        const facilitator =
          figure.parameters.settlement === "batch"
            ? await spawnFacilitator({
                implementation: participant.implementation.name,
                chain: benchChain,
                privateKey: participant.facilitatorKey,
                batchSettler: await settler,
              })
            : session.facilitator;
        const server = await participant.implementation
          .startServer({
            chain: benchChain,
            facilitatorUrl: facilitator.url,
            payTo,
            amount: price,
            payment: true,
          })
          .catch(async (error: unknown) => {
            if (facilitator !== session.facilitator) await facilitator.stop();
            throw error;
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
          // Warm-up, off the clock and before the balances are read: a new server initialises on its first request.
          await pay().catch(() => {});
          await settleDown();
          const before = { buyer: await balance(participant.buyerAddress), payTo: await balance(payTo) };

          await facilitator.resetPeak();
          const result = await measure({ name: figure.name, concurrency, count, run: pay });
          const { peakRss } = await facilitator.memory();
          recordMemory(context.memory, participant.implementation.name, "paid", peakRss);

          await settleDown();
          const after = { buyer: await balance(participant.buyerAddress), payTo: await balance(payTo) };
          const balances = checkBalances({ before, after, successes: result.successes, price });
          return { ...result, balances, facilitatorPeakRssMb: mb(peakRss) };
        } finally {
          await server.close();
          if (facilitator !== session.facilitator) await facilitator.stop();
        }
      },
      teardown: async ({ facilitator }) => {
        await facilitator.stop();
      },
    });
  } finally {
    await chain.setIntervalMining(0);
  }
}
