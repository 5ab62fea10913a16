import type { ImplementationName } from "../adapters/types.js";
import type { FacilitatorMemoryFigure } from "../report/benchResultsSchema.js";
import type { ScenarioContext } from "./types.js";

const mb = (bytes: number | undefined) =>
  bytes === undefined || !Number.isFinite(bytes) ? null : Math.round(bytes / 1e5) / 10;

/**
 * Scenario 5: the facilitator's memory. Each facilitator runs alone in a child process that samples its own RSS
 * every 10 ms; this reports, per implementation, the RSS once it listens and the peak under the verify load and
 * under the paid-request load (recorded by those scenarios).
 */
export function memoryScenario(
  context: ScenarioContext,
): Partial<Record<ImplementationName, FacilitatorMemoryFigure>> {
  const memory: Partial<Record<ImplementationName, FacilitatorMemoryFigure>> = {};
  for (const participant of context.participants) {
    const name = participant.implementation.name;
    const samples = context.memory[name];
    if (!samples) continue;
    memory[name] = {
      idleRssMb: mb(samples.idle),
      peakRssVerifyMb: mb(samples.verify),
      peakRssPaidMb: mb(samples.paid),
    };
  }
  return memory;
}
