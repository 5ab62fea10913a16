import { type SpawnedFacilitator, spawnFacilitator } from "../harness/spawnFacilitator.js";
import { recordMemory } from "./recordMemory.js";
import type { Participant, ScenarioContext } from "./types.js";

/**
 * Starts the participant's facilitator in a child process of its own and records its RSS once it listens (the
 * idle figure of the memory scenario). The caller stops it.
 */
export async function startParticipantFacilitator(
  context: ScenarioContext,
  participant: Participant,
): Promise<SpawnedFacilitator> {
  const facilitator = await spawnFacilitator({
    implementation: participant.implementation.name,
    chain: context.benchChain,
    privateKey: participant.facilitatorKey,
  });
  try {
    recordMemory(context.memory, participant.implementation.name, "idle", (await facilitator.memory()).rss);
    return facilitator;
  } catch (error) {
    await facilitator.stop();
    throw error;
  }
}
