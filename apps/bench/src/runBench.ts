import { readFileSync } from "node:fs";
import { deriveTestAccounts, startTestChain } from "@x402kit/testchain";
import { implementationNames, loadImplementation } from "./adapters/implementations.js";
import type { BenchChain, ImplementationName } from "./adapters/types.js";
import { installMulticall3 } from "./harness/installMulticall3.js";
import { machineInfo } from "./harness/machineInfo.js";
import { probeCpuSpeed } from "./harness/probeCpuSpeed.js";
import { type BenchPlan, plans } from "./plan.js";
import { assembleFigures } from "./report/assembleFigures.js";
import { type BenchResults, benchResultsSchema } from "./report/benchResultsSchema.js";
import { evaluateTargets } from "./report/evaluateTargets.js";
import { channelScenario } from "./scenarios/channelScenario.js";
import { createPaymentScenario } from "./scenarios/createPaymentScenario.js";
import { gasScenario } from "./scenarios/gasScenario.js";
import { mcpScenario } from "./scenarios/mcpScenario.js";
import { memoryScenario } from "./scenarios/memoryScenario.js";
import { overheadScenario } from "./scenarios/overheadScenario.js";
import { paidScenario } from "./scenarios/paidScenario.js";
import { scaleScenario } from "./scenarios/scaleScenario.js";
import { svmScenario } from "./scenarios/svmScenario.js";
import type { FigureRow, Participant, ScenarioContext } from "./scenarios/types.js";
import { verifyScenario } from "./scenarios/verifyScenario.js";

export const scenarioNames = [
  "createPayment",
  "overhead",
  "verify",
  "paid",
  "scale",
  "mcp",
  "gas",
  "channel",
  "svm",
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export type RunBenchParameters = {
  mode: BenchPlan["mode"];
  /** Default: both, x402kit first. */
  implementations?: readonly ImplementationName[] | undefined;
  /** Default: all (memory is taken during verify and paid). */
  scenarios?: readonly ScenarioName[] | undefined;
  log?: ((line: string) => void) | undefined;
};

export type RunBenchReturnType = BenchResults;

/** The version of one of this package's dependencies (read from its package.json in node_modules). */
const versionOf = (name: string) => {
  try {
    const path = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
};

/**
 * Runs the benchmark: one local Hardhat chain for everything; for each scenario x402kit then the reference, each
 * with its own facilitator child, servers, buyer and gas account. Returns the results (schema-checked).
 */
export async function runBench(parameters: RunBenchParameters): Promise<RunBenchReturnType> {
  const log = parameters.log ?? (() => {});
  // Before each scenario: how fast the machine runs right now (harness/probeCpuSpeed.ts).
  const cpuProbe: NonNullable<BenchResults["machine"]["cpuProbe"]> = [];
  const scenario = (name: ScenarioName, title: string) => {
    const usPerHash = probeCpuSpeed();
    cpuProbe.push({ scenario: name, usPerHash });
    log(`scenario: ${title} (CPU probe: ${usPerHash} µs per keccak256)`);
  };
  const plan = plans[parameters.mode];
  const selected = new Set(parameters.scenarios ?? scenarioNames);
  const started = performance.now();
  const startedAt = new Date().toISOString();

  const implementations: BenchResults["implementations"] = {};
  const loaded = [];
  for (const name of parameters.implementations ?? implementationNames) {
    const version =
      name === "reference" ? `@x402/* ${versionOf("@x402/core")}` : `workspace ${versionOf("@x402kit/core")}`;
    try {
      loaded.push(await loadImplementation(name));
      implementations[name] = { version };
    } catch (error) {
      implementations[name] = {
        version,
        error: `could not load: ${error instanceof Error ? error.message : error}`,
      };
      log(`${name}: could not load (${error instanceof Error ? error.message : error})`);
    }
  }

  const rows: FigureRow[] = [];
  let overhead: BenchResults["overhead"] = {};
  let memory: BenchResults["memory"] = {};
  let gas: BenchResults["gas"];
  let channels: BenchResults["channels"];
  // The Hardhat chain is for the EVM scenarios; the Solana scenario starts a chain of its own.
  const evm = scenarioNames.some((name) => name !== "svm" && selected.has(name));
  if (evm) {
    log(`starting the chain (${plan.mode} mode)`);
    const chain = await startTestChain({ buyers: 2 });
    try {
      await installMulticall3(chain);
      const benchChain: BenchChain = {
        rpcUrl: chain.rpcUrl,
        chainId: chain.chainId,
        network: chain.network,
        usdc: chain.usdc,
      };
      // Separate gas payers: x402kit uses the chain's facilitator account, the reference Hardhat's 20th account.
      const referenceGas = deriveTestAccounts({ from: 19, count: 1 })[0]!;
      const participants: Participant[] = loaded.map((implementation) => {
        const x402kit = implementation.name === "x402kit";
        const buyer = chain.accounts.buyers[x402kit ? 0 : 1]!;
        return {
          implementation,
          facilitatorKey: x402kit ? chain.accounts.facilitator.privateKey : referenceGas.privateKey,
          buyerKey: buyer.privateKey,
          buyerAddress: buyer.address,
        };
      });
      const context: ScenarioContext = { chain, benchChain, plan, participants, memory: {}, log };

      if (selected.has("createPayment")) {
        scenario("createPayment", "create a payment payload");
        rows.push(...(await createPaymentScenario(context)));
      }
      if (selected.has("overhead")) {
        scenario("overhead", "middleware overhead");
        const result = await overheadScenario(context);
        rows.push(...result.rows);
        overhead = result.overhead;
      }
      if (selected.has("verify")) {
        scenario("verify", "facilitator POST /verify");
        rows.push(...(await verifyScenario(context)));
      }
      if (selected.has("paid")) {
        scenario("paid", "paid requests end to end");
        rows.push(...(await paidScenario(context)));
      }
      if (selected.has("scale")) {
        scenario("scale", "exact at scale, 1 s blocks");
        rows.push(...(await scaleScenario(context)));
      }
      if (selected.has("mcp") && loaded.some((implementation) => implementation.name === "x402kit")) {
        scenario("mcp", "a paid MCP tool over Streamable HTTP, beside the paid HTTP request (x402kit)");
        rows.push(...(await mcpScenario(context)));
      }
      if (selected.has("gas") && loaded.some((implementation) => implementation.name === "x402kit")) {
        scenario("gas", "gas per payment, single and batched (x402kit)");
        gas = await gasScenario(context);
        log(
          `  single ${gas.singleGasPerPayment}, batched ${gas.batchedGasPerPayment} (${gas.savingPercent}% less)`,
        );
      }
      if (selected.has("channel")) {
        scenario("channel", "batch-settlement, paid requests over payment channels");
        const result = await channelScenario(context);
        rows.push(...result.rows);
        channels = result.channels;
      }
      memory = memoryScenario(context);
    } finally {
      await chain.stop();
    }
  }
  if (selected.has("svm")) {
    scenario("svm", "exact on Solana, on the local Solana chain");
    const participants = loaded.map((implementation) => ({ implementation }));
    rows.push(...(await svmScenario({ plan, participants, memory: {}, log })));
  }

  cpuProbe.push({ scenario: "end", usPerHash: probeCpuSpeed() });
  const figures = assembleFigures(rows);
  return benchResultsSchema.parse({
    schema: "x402kit-bench/1",
    mode: plan.mode,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    machine: { ...machineInfo(), cpuProbe },
    implementations,
    figures,
    overhead,
    memory,
    gas,
    channels,
    targets: evaluateTargets({ figures, overhead, gas, channels }),
  });
}
