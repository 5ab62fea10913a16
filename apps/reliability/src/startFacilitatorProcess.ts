import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { ReliabilityError } from "./ReliabilityError.js";

export type StartFacilitatorProcessParameters = {
  rpcUrl: string;
  privateKey: string;
  /** `sqlite:PATH` or `memory`. */
  store: string;
  /** The token addresses it settles (`--asset`): anything else is refused. */
  assets: readonly string[];
  /** Default 0 (a free port); give the previous port to restart in place. */
  port?: number | undefined;
  /** Stable across restarts, so that `recover()` finds this instance's unfinished settlements. */
  instanceId: string;
  /** Default 60 000 ms. */
  startTimeoutMs?: number | undefined;
  /** More CLI flags (e.g. `--batch-settler 0x…`). */
  args?: readonly string[] | undefined;
};

export type FacilitatorProcess = {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Every JSON log line so far, parsed. */
  logs(): Record<string, unknown>[];
  /** The first log line with this `msg` (waits for it). */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code or the signal's name. */
  exited: Promise<number | string>;
  /** SIGKILL: no shutdown, no flush, as a crash or an OOM kill would do. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
};

/** The facilitator package's CLI entry, run from source (the workspace's "source" condition, through tsx). */
const cliEntry = fileURLToPath(new URL("../../../packages/facilitator-cli/src/cli.ts", import.meta.url));
const appRoot = fileURLToPath(new URL("..", import.meta.url));

/**
 * Runs `x402kit-facilitator` as a child process, as it is deployed (the CLI, its SQLite store, its own RPC client),
 * and waits for its "started" log line. The child is killed if this process exits.
 */
export async function startFacilitatorProcess(
  parameters: StartFacilitatorProcessParameters,
): Promise<FacilitatorProcess> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=source",
      "--import",
      "tsx",
      cliEntry,
      "--rpc-url",
      parameters.rpcUrl,
      "--store",
      parameters.store,
      "--port",
      String(parameters.port ?? 0),
      "--instance-id",
      parameters.instanceId,
      "--asset",
      parameters.assets.join(","),
      "--log-level",
      "debug",
      ...(parameters.args ?? []),
    ],
    {
      cwd: appRoot,
      env: { PATH: process.env.PATH ?? "", X402KIT_PRIVATE_KEY: parameters.privateKey },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let output = "";
  const lines: Record<string, unknown>[] = [];
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    partial += chunk.toString("utf8");
    const complete = partial.split("\n");
    partial = complete.pop() ?? "";
    for (const line of complete) {
      output += `${line}\n`;
      if (!line.startsWith("{")) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A line cut by a kill: not a log line.
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => {
      process.off("exit", killOnExit);
      resolve(code ?? signal ?? -1);
    }),
  );

  async function waitForLog(message: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = lines.find((entry) => entry.msg === message);
      if (line) return line;
      if (child.exitCode !== null || child.signalCode !== null) break;
      await sleep(25);
    }
    throw new ReliabilityError("timeout", `The facilitator logged no "${message}".`, {
      details: { output: output.slice(-4_000) },
    });
  }

  let started: Record<string, unknown>;
  try {
    started = await waitForLog("x402kit-facilitator started", parameters.startTimeoutMs ?? 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new ReliabilityError("process_failed", "The facilitator CLI did not start.", {
      cause: error,
      details: { output: output.slice(-4_000) },
    });
  }
  const url = String(started.url);
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? -1,
    child,
    logs: () => lines,
    waitForLog,
    exited,
    kill,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
