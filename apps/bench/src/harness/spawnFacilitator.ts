import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Hex } from "viem";
import type { StartSvmFacilitatorParameters } from "../adapters/svm/types.js";
import type { BenchChain, ImplementationName, X402kitFacilitatorOptions } from "../adapters/types.js";
import { BenchError } from "./BenchError.js";
import {
  childMessageSchema,
  type FacilitatorChildConfig,
  type FacilitatorMemory,
  facilitatorConfigEnv,
} from "./facilitatorProtocol.js";

export type SpawnFacilitatorParameters = {
  implementation: ImplementationName;
  chain: BenchChain;
  /** The account that pays gas for settlements. */
  privateKey: Hex;
  /** x402kit only: batch settlement through this X402BatchSettler. */
  batchSettler?: Hex | undefined;
  /** x402kit only: its store, receipt polling and signers. */
  x402kit?: X402kitFacilitatorOptions | undefined;
  /** Default 60 s (the child compiles TypeScript on its first start). */
  startTimeoutMs?: number;
};

export type SpawnedFacilitator = {
  url: string;
  pid: number;
  /** RSS now and the peak since start or the last `resetPeak()`. */
  memory(): Promise<FacilitatorMemory>;
  resetPeak(): Promise<FacilitatorMemory>;
  /** Closes the service and ends the child; returns the last memory figures. Idempotent. */
  stop(): Promise<FacilitatorMemory | undefined>;
};

export type SpawnFacilitatorReturnType = SpawnedFacilitator;

const childEntry = fileURLToPath(new URL("./facilitatorChild.ts", import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/**
 * Starts one implementation's facilitator in a child process of its own (Node with tsx, the "source" condition),
 * and waits until it listens.
 */
export function spawnFacilitator(
  parameters: SpawnFacilitatorParameters,
): Promise<SpawnFacilitatorReturnType> {
  return spawnFacilitatorChild(
    {
      implementation: parameters.implementation,
      chain: parameters.chain,
      privateKey: parameters.privateKey,
      batchSettler: parameters.batchSettler,
      x402kit: parameters.x402kit,
    },
    parameters.startTimeoutMs,
  );
}

export type SpawnSvmFacilitatorParameters = StartSvmFacilitatorParameters & {
  implementation: ImplementationName;
  startTimeoutMs?: number;
};

/** Starts one implementation's exact-on-Solana facilitator in a child process of its own, as `spawnFacilitator`. */
export function spawnSvmFacilitator(
  parameters: SpawnSvmFacilitatorParameters,
): Promise<SpawnFacilitatorReturnType> {
  const { implementation, startTimeoutMs, ...svm } = parameters;
  return spawnFacilitatorChild({ implementation, svm }, startTimeoutMs);
}

async function spawnFacilitatorChild(
  config: FacilitatorChildConfig,
  startTimeoutMs = 60_000,
): Promise<SpawnFacilitatorReturnType> {
  const parameters = { implementation: config.implementation, startTimeoutMs };
  const child = fork(childEntry, [], {
    execArgv: [
      "--import",
      tsxLoader,
      "--conditions=source",
      "--disable-warning=ExperimentalWarning",
      // BENCH_CPU_PROF=<dir>: each facilitator child writes a V8 CPU profile there when it stops.
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    env: { ...process.env, [facilitatorConfigEnv]: JSON.stringify(config) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, (memory: FacilitatorMemory) => void>();
  let nextId = 0;
  let exited = false;

  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new BenchError(
          "facilitator_start_failed",
          `The ${parameters.implementation} facilitator did not start.`,
        ),
      );
    }, parameters.startTimeoutMs);
    child.on("message", (raw) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve({ url: message.url });
      } else if (message.type === "failed") {
        clearTimeout(timer);
        reject(
          new BenchError(
            "facilitator_start_failed",
            `The ${parameters.implementation} facilitator failed to start.`,
            {
              details: { reason: message.message },
            },
          ),
        );
      } else {
        pending.get(message.id)?.(message.memory);
        pending.delete(message.id);
      }
    });
    child.once("exit", (code) => {
      exited = true;
      clearTimeout(timer);
      for (const [, settle] of pending) settle({ rss: Number.NaN, peakRss: Number.NaN });
      pending.clear();
      reject(
        new BenchError(
          "facilitator_exited",
          `The ${parameters.implementation} facilitator exited (${code}).`,
        ),
      );
    });
  });

  const ask = (type: "memory" | "resetPeak" | "stop") =>
    new Promise<FacilitatorMemory>((resolve, reject) => {
      if (exited) {
        reject(new BenchError("facilitator_exited", `The ${parameters.implementation} facilitator is gone.`));
        return;
      }
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ type, id });
    });

  let stopping: Promise<FacilitatorMemory | undefined> | undefined;
  return {
    url: ready.url,
    pid: child.pid!,
    memory: () => ask("memory"),
    resetPeak: () => ask("resetPeak"),
    stop: () => {
      stopping ??= stopChild(child, () => ask("stop"));
      return stopping;
    },
  };
}

async function stopChild(
  child: ChildProcess,
  ask: () => Promise<FacilitatorMemory>,
): Promise<FacilitatorMemory | undefined> {
  if (child.exitCode !== null) return undefined;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
  const last = await ask().catch(() => undefined);
  await exited;
  clearTimeout(kill);
  return last;
}
