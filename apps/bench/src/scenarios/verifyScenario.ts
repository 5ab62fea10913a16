import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import type { PayloadSigner } from "../adapters/types.js";
import { measure } from "../harness/measure.js";
import { postVerify } from "../harness/postVerify.js";
import type { SpawnedFacilitator } from "../harness/spawnFacilitator.js";
import { benchRequirements } from "./benchRequirements.js";
import { recordMemory } from "./recordMemory.js";
import { runSideBySide } from "./runSideBySide.js";
import { startParticipantFacilitator } from "./startParticipantFacilitator.js";
import type { FigureRow, ScenarioContext } from "./types.js";

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

type Session = { facilitator: SpawnedFacilitator; signer: PayloadSigner };

/**
 * Scenario 1: the facilitator's `POST /verify` (spec v2 §7.1) at several concurrencies, over HTTP, each request with
 * its own freshly signed payload. The payloads are signed by the implementation's own client before the clock
 * starts. A success is a 200 with `isValid: true`.
 */
export async function verifyScenario(context: ScenarioContext): Promise<FigureRow[]> {
  const { plan, benchChain } = context;
  const { requirements, paymentRequired } = benchRequirements({
    chain: benchChain,
    payTo: privateKeyToAddress(generatePrivateKey()),
    amount: 1_000n,
  });
  const signBodies = async (signer: PayloadSigner, count: number) => {
    const bodies: string[] = [];
    for (let i = 0; i < count; i++) {
      const { paymentPayload } = await signer.signPayload(paymentRequired);
      bodies.push(JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: requirements }));
    }
    return bodies;
  };
  const verify = (facilitator: SpawnedFacilitator, body: string) => postVerify(facilitator.url, body);

  const figures = plan.verify.map(({ concurrency, count }) => ({
    scenario: "verify" as const,
    name: `verify c=${concurrency}`,
    parameters: { concurrency, count },
  }));
  return runSideBySide<Session, (typeof figures)[number]>(context, {
    figures,
    async setup(participant) {
      const signer = participant.implementation.createPayloadSigner({
        chain: benchChain,
        privateKey: participant.buyerKey,
      });
      const facilitator = await startParticipantFacilitator(context, participant);
      // Warm-up, off the clock: the first requests pay for lazy initialisation (JIT, connections, caches).
      for (const body of await signBodies(signer, plan.warmup)) await verify(facilitator, body);
      return { facilitator, signer };
    },
    async run({ facilitator, signer }, figure, participant) {
      const { concurrency, count } = figure.parameters;
      const bodies = await signBodies(signer, count);
      await facilitator.resetPeak();
      const result = await measure({
        name: figure.name,
        concurrency,
        count,
        run: (index) => verify(facilitator, bodies[index]!),
      });
      const { peakRss } = await facilitator.memory();
      recordMemory(context.memory, participant.implementation.name, "verify", peakRss);
      return { ...result, facilitatorPeakRssMb: mb(peakRss) };
    },
    teardown: async ({ facilitator }) => {
      await facilitator.stop();
    },
  });
}
