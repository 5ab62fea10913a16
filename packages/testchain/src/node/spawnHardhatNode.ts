import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TestChainError } from "../errors/TestChainError.js";
import { killOnExit, killProcessGroup } from "./killOnExit.js";

export type SpawnHardhatNodeParameters = {
  /** Forward the node's output to this process's stdout. */
  logging?: boolean;
  timeoutMs?: number;
  /** Node.js binary to run Hardhat with (Node 22+). Default: this process's. */
  nodePath?: string;
  /** The chain id (default 31337). */
  chainId?: number;
};

export type SpawnHardhatNodeReturnType = {
  rpcUrl: string;
  pid: number;
  /** The last 64 KiB of the node's output. */
  output: () => string;
  /** Stops the node (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. Idempotent. */
  stop: () => Promise<void>;
};

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const configPath = path.join(packageDir, "hardhat", "hardhat.config.js");
const watchdogUrl = new URL("../../hardhat/watchdog.js", import.meta.url).href;
const ready = /JSON-RPC server at (http:\/\/[^\s/]+)\//;
const maxOutput = 64 * 1024;

function hardhatCli(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("hardhat/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: { hardhat: string } };
  return path.join(path.dirname(manifest), bin.hardhat);
}

/** Starts `hardhat node` on a free 127.0.0.1 port in its own process group, and waits until it listens. */
export async function spawnHardhatNode({
  logging = false,
  timeoutMs = 60_000,
  nodePath = process.execPath,
  chainId = 31337,
}: SpawnHardhatNodeParameters = {}): Promise<SpawnHardhatNodeReturnType> {
  const child = spawn(
    nodePath,
    [
      "--import",
      watchdogUrl,
      hardhatCli(),
      "node",
      "--config",
      configPath,
      "--hostname",
      "127.0.0.1",
      "--port",
      "0",
    ],
    {
      cwd: packageDir,
      detached: true, // own process group: stop() kills hardhat and anything it started
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        HARDHAT_DISABLE_TELEMETRY: "true",
        NO_COLOR: "1",
        FORCE_COLOR: "0",
        X402KIT_TESTCHAIN_PARENT_PID: String(process.pid),
        X402KIT_TESTCHAIN_CHAIN_ID: String(chainId),
      },
    },
  );
  if (child.pid === undefined) {
    await new Promise((resolve) => child.once("error", resolve));
    throw new TestChainError(`could not spawn ${nodePath}`);
  }
  const pid = child.pid;
  const untrack = killOnExit(pid);
  let output = "";
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-maxOutput);
    if (logging) process.stdout.write(chunk);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killProcessGroup(pid, "SIGTERM");
        const timer = setTimeout(() => killProcessGroup(pid, "SIGKILL"), 2_000);
        await exited;
        clearTimeout(timer);
      }
      // Anything left in the group (there should be nothing) goes too.
      killProcessGroup(pid, "SIGKILL");
      untrack();
    })();
    return stopping;
  };

  try {
    const rpcUrl = await waitForUrl(child, () => output, timeoutMs);
    // Do not keep the parent alive for the node: exit handlers kill it if stop() is never called.
    child.unref();
    for (const stream of [child.stdout, child.stderr])
      (stream as unknown as { unref?: () => void }).unref?.();
    return { rpcUrl, pid, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = ready.exec(output());
      if (match) done(() => resolve(match[1]!));
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(() =>
        reject(
          new TestChainError(`hardhat node exited before it was ready (${signal ?? `code ${code}`})`, {
            output: output(),
          }),
        ),
      );
    const onError = (cause: Error) =>
      done(() => reject(new TestChainError("could not start hardhat node", { cause, output: output() })));
    const timer = setTimeout(
      () =>
        done(() =>
          reject(
            new TestChainError(`hardhat node did not start within ${timeoutMs} ms`, { output: output() }),
          ),
        ),
      timeoutMs,
    );
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      settle();
    };
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}
