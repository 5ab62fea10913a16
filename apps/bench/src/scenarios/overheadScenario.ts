import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import type { ImplementationName, RunningService } from "../adapters/types.js";
import { createTally } from "../harness/createTally.js";
import { describeResponse } from "../harness/describeResponse.js";
import { percentile } from "../harness/percentile.js";
import type { SpawnedFacilitator } from "../harness/spawnFacilitator.js";
import type { Measurement, Overhead } from "../report/benchResultsSchema.js";
import { runSideBySide } from "./runSideBySide.js";
import { startParticipantFacilitator } from "./startParticipantFacilitator.js";
import type { FigureRow, ScenarioContext } from "./types.js";

export type OverheadScenarioReturnType = {
  rows: FigureRow[];
  overhead: Partial<Record<ImplementationName, Overhead>>;
};

type Session = {
  facilitator: SpawnedFacilitator;
  bare: RunningService;
  paid: RunningService;
  /** Both figures come from one paired run; the second figure reads it from here. */
  measured?: { bare: Measurement; unpaid: Measurement };
};

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Scenario 3: the cost of the payment middleware. The same express app and route, once behind the middleware (an
 * unpaid request, answered 402 with `PAYMENT-REQUIRED`) and once without it (200). The requests go in pairs, one
 * of each, in alternating order, so that both see the same machine load; the overhead is the median of the
 * per-pair differences.
 */
export async function overheadScenario(context: ScenarioContext): Promise<OverheadScenarioReturnType> {
  const { count, warmup } = context.plan.overhead;
  const overhead: Partial<Record<ImplementationName, Overhead>> = {};
  const get = (server: RunningService, status: number) => async () => {
    const response = await fetch(`${server.url}/paid`, { headers: { accept: "application/json" } });
    const body = await response.text();
    if (response.status !== status) throw new Error(describeResponse(response, body));
    if (status === 402 && !response.headers.get("payment-required"))
      throw new Error("402 without PAYMENT-REQUIRED");
  };
  const figures = [
    { scenario: "overhead" as const, name: "bare route c=1", parameters: { concurrency: 1, count } },
    { scenario: "overhead" as const, name: "402 unpaid c=1", parameters: { concurrency: 1, count } },
  ];

  const rows = await runSideBySide<Session, (typeof figures)[number]>(context, {
    figures,
    async setup(participant) {
      const facilitator = await startParticipantFacilitator(context, participant);
      const start = (payment: boolean) =>
        participant.implementation.startServer({
          chain: context.benchChain,
          facilitatorUrl: facilitator.url,
          payTo: privateKeyToAddress(generatePrivateKey()),
          amount: 1_000n,
          payment,
        });
      try {
        const bare = await start(false);
        const paid = await start(true).catch(async (error: unknown) => {
          await bare.close();
          throw error;
        });
        for (let i = 0; i < warmup; i++) {
          await get(bare, 200)();
          await get(paid, 402)();
        }
        return { facilitator, bare, paid };
      } catch (error) {
        await facilitator.stop();
        throw error;
      }
    },
    async run(session, figure, participant) {
      if (!session.measured) {
        const bare = createTally();
        const unpaid = createTally();
        const differences: number[] = [];
        for (let i = 0; i < count; i++) {
          const [first, second] = i % 2 === 0 ? [bare, unpaid] : [unpaid, bare];
          const a = await first.time(first === bare ? get(session.bare, 200) : get(session.paid, 402));
          const b = await second.time(second === bare ? get(session.bare, 200) : get(session.paid, 402));
          if (a !== undefined && b !== undefined) differences.push(first === unpaid ? a - b : b - a);
        }
        const summary = (tally: typeof bare, name: string) =>
          tally.summarize({ name, concurrency: 1, count, durationMs: tally.busyMs() });
        session.measured = {
          bare: summary(bare, figures[0]!.name),
          unpaid: summary(unpaid, figures[1]!.name),
        };
        const median = percentile(
          differences.sort((x, y) => x - y),
          50,
        );
        overhead[participant.implementation.name] = {
          bareMedian: session.measured.bare.median,
          unpaidMedian: session.measured.unpaid.median,
          overheadMedian: median === undefined ? null : round(median),
        };
      }
      return figure === figures[0] ? session.measured.bare : session.measured.unpaid;
    },
    async teardown({ facilitator, bare, paid }) {
      await paid.close();
      await bare.close();
      await facilitator.stop();
    },
  });
  return { rows, overhead };
}
