import type { ImplementationName } from "../adapters/types.js";
import type { FigureResult } from "../report/benchResultsSchema.js";
import type { BaseScenarioContext, FigureRow, Participant, SideBySideParticipant } from "./types.js";

/** A figure as a scenario declares it, before any implementation has run it. */
export type FigureSpec<parameters extends FigureRow["parameters"] = FigureRow["parameters"]> = Omit<
  FigureRow,
  "implementation" | "result" | "parameters"
> & {
  parameters: parameters;
  /** A figure that only this implementation takes (a feature the other lacks). */
  only?: ImplementationName | undefined;
};

export type RunSideBySideParameters<
  session,
  figure extends FigureSpec,
  participant extends SideBySideParticipant = Participant,
> = {
  figures: readonly figure[];
  /** Starts what an implementation needs for the whole scenario (a facilitator child, a client). */
  setup(participant: participant): Promise<session>;
  /** Before each figure, once for all implementations (e.g. switch the chain's mining mode). */
  beforeFigure?(figure: figure): Promise<void>;
  /** Takes one figure for one implementation. */
  run(session: session, figure: figure, participant: participant): Promise<FigureResult>;
  /** Stops what `setup` started; called even after a failure. */
  teardown(session: session): Promise<void>;
};

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Runs a scenario's figures side by side: each figure for one implementation, then at once for the other (x402kit
 * first on even figures, the reference first on odd ones), so that both see the same machine load (the bench
 * machine is shared) and neither always runs in the colder process. An implementation whose setup fails gets its
 * error on every figure; a figure that throws gets its error; the other implementation still runs.
 */
export async function runSideBySide<
  session,
  figure extends FigureSpec,
  participant extends SideBySideParticipant = Participant,
>(
  context: Pick<BaseScenarioContext, "log"> & { participants: readonly participant[] },
  parameters: RunSideBySideParameters<session, figure, participant>,
): Promise<FigureRow[]> {
  const sessions = new Map<ImplementationName, { session: session } | { error: string }>();
  const rows: FigureRow[] = [];
  try {
    for (const participant of context.participants) {
      const name = participant.implementation.name;
      try {
        sessions.set(name, { session: await parameters.setup(participant) });
      } catch (error) {
        sessions.set(name, { error: describe(error) });
        context.log(`  ${name}: setup failed: ${describe(error)}`);
      }
    }
    for (const [index, figure] of parameters.figures.entries()) {
      await parameters.beforeFigure?.(figure);
      const { only, ...spec } = figure;
      // Who goes first alternates from figure to figure, so that neither side always gets the colder process.
      const order = index % 2 === 0 ? context.participants : [...context.participants].reverse();
      for (const participant of order) {
        const name = participant.implementation.name;
        if (only !== undefined && only !== name) continue;
        const state = sessions.get(name)!;
        let result: FigureResult;
        if ("error" in state) result = { error: state.error };
        else {
          try {
            result = await parameters.run(state.session, figure, participant);
          } catch (error) {
            result = { error: describe(error) };
          }
        }
        rows.push({ ...spec, implementation: name, result });
        context.log(`  ${name} ${figure.name}: ${summarize(result)}`);
      }
    }
  } finally {
    for (const [name, state] of sessions)
      if ("session" in state)
        await parameters.teardown(state.session).catch((error: unknown) => {
          context.log(`  ${name}: teardown failed: ${describe(error)}`);
        });
  }
  return rows;
}

function summarize(result: FigureResult): string {
  if ("error" in result) return `failed: ${result.error}`;
  const balances = result.balances ? `, balances ${result.balances.exact ? "exact" : "MISMATCH"}` : "";
  const reason = result.errors[0]
    ? ` (${result.errors[0].count}x ${result.errors[0].message.slice(0, 100)})`
    : "";
  const cpu = result.cpuMsPerRequest;
  const perRequest = cpu
    ? `, CPU ms per request ${(cpu.bench + cpu.facilitator + (cpu.node ?? 0)).toFixed(2)} (bench ${cpu.bench}${cpu.server === undefined ? "" : ` = server ${cpu.server} + clients ${cpu.clients} + other`}, facilitator ${cpu.facilitator}${cpu.node === undefined ? "" : `, node ${cpu.node}`})`
    : "";
  return `median ${result.median} ms, p99 ${result.p99} ms, ${result.throughput}/s, ${result.failures} failed${balances}${perRequest}${reason}`;
}
