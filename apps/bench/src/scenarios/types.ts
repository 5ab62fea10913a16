import type { TestChain } from "@x402kit/testchain";
import type { Hex } from "viem";
import type { BenchChain, Implementation, ImplementationName } from "../adapters/types.js";
import type { BenchPlan } from "../plan.js";
import type { FigureResult } from "../report/benchResultsSchema.js";

/** One implementation with the accounts it uses: its own, so the two never share a nonce or a balance. */
export type Participant = {
  implementation: Implementation;
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

export type ScenarioContext = {
  chain: TestChain;
  benchChain: BenchChain;
  plan: BenchPlan;
  participants: readonly Participant[];
  memory: MemorySamples;
  log(line: string): void;
};

/** One implementation's result for one figure, before the figures are assembled side by side. */
export type FigureRow = {
  scenario: "verify" | "paid" | "scale" | "overhead" | "createPayment" | "mcp" | "channel";
  name: string;
  parameters: Record<string, string | number>;
  implementation: ImplementationName;
  result: FigureResult;
};
