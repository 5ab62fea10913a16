import { x402BatchSettlerAbi, x402BatchSettlerBytecode } from "@x402kit/contracts";
import { deriveTestAccounts } from "@x402kit/testchain";
import type { Hex } from "viem";
import type { X402kitFacilitatorOptions } from "../adapters/types.js";
import { spawnFacilitator } from "../harness/spawnFacilitator.js";
import type { BenchPlan } from "../plan.js";
import { evmLedger, runPaidFigure } from "./runPaidFigure.js";
import { runSideBySide } from "./runSideBySide.js";
import type { FigureRow, ScenarioContext } from "./types.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Setup = BenchPlan["scale"][number]["setup"];

/**
 * x402kit's high-throughput configuration (packages/facilitator/README.md, "High throughput"): four signer accounts
 * (the facilitator's and Hardhat's funded accounts 10 to 12), batch settlement with a 100 ms window, SQLite.
 */
const moreSignerKeys = deriveTestAccounts({ from: 10, count: 3 }).map((account) => account.privateKey);

/**
 * Scenario 7, exact at scale (issue 16): paid requests end to end with blocks every `intervalMiningMs`, closed loop,
 * at rising concurrency, each figure with a facilitator child of its own. x402kit runs as the CLI does by default
 * (a SQLite store, one signer, its own receipt watch), and in its documented high-throughput configuration (several
 * signers, batch settlement; x402kit alone); the reference beside the defaults. The clients run in a worker thread
 * of their own, the server on the main thread. Balances exact, as in `paid`.
 */
export async function scaleScenario(context: ScenarioContext): Promise<FigureRow[]> {
  const { chain, benchChain, plan } = context;
  const figures = plan.scale.map(({ concurrency, count, setup }) => ({
    scenario: "scale" as const,
    name: `scale c=${concurrency}${setup === "throughput" ? " high-throughput" : ""}`,
    parameters: { mining: "interval", blockMs: plan.intervalMiningMs, concurrency, count, setup },
    only: setup === "throughput" ? ("x402kit" as const) : undefined,
  }));
  let settler: Promise<Hex> | undefined;
  const x402kitOptions = async (
    setup: Setup,
  ): Promise<X402kitFacilitatorOptions & { batchSettler?: Hex }> => {
    if (setup === "defaults") return { store: "sqlite" };
    settler ??= chain.deploy({ abi: x402BatchSettlerAbi, bytecode: x402BatchSettlerBytecode });
    return { store: "sqlite", moreSignerKeys, batchSettler: await settler, batchMaxWaitMs: 100 };
  };
  const settleDown = () => sleep(plan.intervalMiningMs * 1.5);

  await chain.setIntervalMining(plan.intervalMiningMs);
  try {
    return await runSideBySide<undefined, (typeof figures)[number]>(context, {
      figures,
      setup: async () => undefined,
      async run(_, figure, participant) {
        const { concurrency, count, setup } = figure.parameters;
        const x402kit = participant.implementation.name === "x402kit";
        const { batchSettler, ...options } = x402kit
          ? await x402kitOptions(setup)
          : { batchSettler: undefined };
        const facilitator = await spawnFacilitator({
          implementation: participant.implementation.name,
          chain: benchChain,
          privateKey: participant.facilitatorKey,
          batchSettler,
          x402kit: x402kit ? (options as X402kitFacilitatorOptions) : undefined,
        });
        try {
          return await runPaidFigure({
            context,
            participant,
            facilitator,
            ledger: evmLedger(context, participant, facilitator),
            recordsMemory: true,
            // The clients in a worker thread of their own, off the server's thread (both implementations alike).
            clients: {
              worker: {
                implementation: participant.implementation.name,
                chain: benchChain,
                privateKey: participant.buyerKey,
              },
            },
            name: figure.name,
            concurrency,
            count,
            // A whole wave off the clock, for both implementations: the loop's C connections (client to server,
            // server to facilitator) open here, and the facilitator child, new for this figure, runs its code
            // before it is timed (as a long-running one would have). Up to 3 December 2026 it was min(C, 32).
            warmup: concurrency,
            settleDown,
          });
        } finally {
          await facilitator.stop();
        }
      },
      teardown: async () => {},
    });
  } finally {
    await chain.setIntervalMining(0);
  }
}
