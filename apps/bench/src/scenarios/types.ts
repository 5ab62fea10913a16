import type { TestChain } from "@x402kit/testchain";
import type { Hex } from "viem";
import type { BenchChain, Implementation, ImplementationName } from "../adapters/types.js";
import type { BenchPlan } from "../plan.js";
import type { FigureResult } from "../report/benchResultsSchema.js";

/** One implementation in a side-by-side scenario. */
export type SideBySideParticipant = { implementation: Implementation };

/** One implementation with the EVM accounts it uses: its own, so the two never share a nonce or a balance. */
export type Participant = SideBySideParticipant & {
  /** Pays gas for this implementation's settlements. */
  facilitatorKey: Hex;
  /** Pays for this implementation's requests. */
  buyerKey: Hex;
  buyerAddress: Hex;
};

/** Peak RSS samples of the facilitator children, by implementation and phase, in bytes. */
export type MemorySamples = Partial<
  Record<ImplementationName, { idle?: number; verify?: number; paid?: number }>
>;

/** What every scenario gets; the Solana scenario needs no more (it starts its own chain and accounts). */
export type BaseScenarioContext = {
  plan: BenchPlan;
  participants: readonly SideBySideParticipant[];
  memory: MemorySamples;
  log(line: string): void;
};

/** What the EVM scenarios get: the local Hardhat chain and each implementation's accounts on it. */
export type ScenarioContext = BaseScenarioContext & {
  participants: readonly Participant[];
  chain: TestChain;
  benchChain: BenchChain;
};

/** One implementation's result for one figure, before the figures are assembled side by side. */
export type FigureRow = {
  scenario: "verify" | "paid" | "scale" | "overhead" | "createPayment" | "mcp" | "channel" | "svm";
  name: string;
  parameters: Record<string, string | number>;
  implementation: ImplementationName;
  result: FigureResult;
};
