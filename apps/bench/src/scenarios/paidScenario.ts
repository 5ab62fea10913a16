import { x402BatchSettlerAbi, x402BatchSettlerBytecode } from "@x402kit/contracts";
import type { Hex } from "viem";
import { receiptPollingIntervalMs } from "../adapters/settings.js";
import { type SpawnedFacilitator, spawnFacilitator } from "../harness/spawnFacilitator.js";
import { evmLedger, runPaidFigure } from "./runPaidFigure.js";
import { runSideBySide } from "./runSideBySide.js";
import { startParticipantFacilitator } from "./startParticipantFacilitator.js";
import type { FigureRow, ScenarioContext } from "./types.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Session = { facilitator: SpawnedFacilitator; paidFetch: typeof globalThis.fetch };

/**
 * Scenario 2: end-to-end paid requests, client -> server -> facilitator -> chain, with automine and with blocks
 * every `intervalMiningMs` (`runPaidFigure`: balances exact to the unit). Each run gets its own server and a fresh
 * payee, so runs cannot see each other's transfers.
 */
export async function paidScenario(context: ScenarioContext): Promise<FigureRow[]> {
  const { chain, benchChain, plan } = context;
  const label = (mining: string) =>
    mining === "automine" ? "automine" : `${plan.intervalMiningMs / 1000}s blocks`;
  const figures = plan.paid.map(({ mining, concurrency, count, batch, store, round }) => ({
    scenario: "paid" as const,
    name: `paid ${label(mining)} c=${concurrency}${batch ? " batched" : ""}${store ? ` ${store}` : ""}${round ? `, round ${round}` : ""}`,
    parameters: {
      mining,
      concurrency,
      count,
      settlement: batch ? ("batch" as const) : ("single" as const),
      ...(store ? { store } : {}),
      ...(round ? { round } : {}),
    },
    only: batch || store ? ("x402kit" as const) : undefined,
  }));
  let settler: Promise<Hex> | undefined;
  let mining: string | undefined;
  // The store rounds' facilitators: one child per store, spawned and warmed at its first round, kept for the others.
  const storeFacilitators = new Map<"memory" | "sqlite", SpawnedFacilitator>();
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
        const { concurrency, count } = figure.parameters;
        // The batched figure gets a facilitator of its own that settles through X402BatchSettler; a store figure, the
        // one kept for its store (SQLite: a fresh file, as the CLI's default), spawned and warmed at its first round.
        const batched = figure.parameters.settlement === "batch";
        const { store } = figure.parameters;
        settler ??= batched
          ? chain.deploy({ abi: x402BatchSettlerAbi, bytecode: x402BatchSettlerBytecode })
          : undefined;
        const kept = store ? storeFacilitators.get(store) : undefined;
        let facilitator = kept ?? session.facilitator;
        if (!kept && (batched || store))
          facilitator = await spawnFacilitator({
            implementation: participant.implementation.name,
            chain: benchChain,
            privateKey: participant.facilitatorKey,
            batchSettler: batched ? await settler : undefined,
            x402kit: store ? { store, pollingIntervalMs: receiptPollingIntervalMs } : undefined,
          });
        if (store) storeFacilitators.set(store, facilitator);
        // A plain figure warms with one request; a store's first round warms its facilitator, and its later rounds
        // only their new server.
        let warmup = 1;
        if (store) warmup = kept ? concurrency : plan.storeWarmup;
        try {
          return await runPaidFigure({
            context,
            participant,
            facilitator,
            ledger: evmLedger(context, participant, facilitator),
            recordsMemory: true,
            clients: { paidFetch: session.paidFetch },
            name: figure.name,
            concurrency,
            count,
            warmup,
            settleDown,
          });
        } finally {
          if (batched) await facilitator.stop();
        }
      },
      teardown: async ({ facilitator }) => {
        await facilitator.stop();
      },
    });
  } finally {
    await Promise.all([...storeFacilitators.values()].map((facilitator) => facilitator.stop()));
    await chain.setIntervalMining(0);
  }
}
