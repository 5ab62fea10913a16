import { spawn } from "node:child_process";
import { ConformanceError } from "../errors/ConformanceError.js";

export type StartCommandParameters = {
  /** A shell command line (run with `sh -c`). */
  command: string;
  /** Added to this process's environment. */
  env: Record<string, string>;
  cwd?: string;
  /** Stream the command's output to this process's stderr. */
  echo?: boolean;
};

export type StartedCommand = {
  pid: number;
  /** The last 64 KiB of stdout and stderr, interleaved. */
  output: () => string;
  /** The last 64 KiB of stdout alone. */
  stdout: () => string;
  /** Resolves when the command exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited: () => boolean;
  /** SIGTERM to the command's process group, SIGKILL after 3 s; waits for the exit. Idempotent. */
  stop: () => Promise<void>;
};

const maxOutput = 64 * 1024;
const running = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Starts a command under test in its own process group, so that stopping it stops everything it started. */
export function startCommand(parameters: StartCommandParameters): StartedCommand {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const pid of running) killGroup(pid, "SIGKILL");
    });
  }
  const child = spawn("sh", ["-c", parameters.command], {
    cwd: parameters.cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...parameters.env },
  });
  if (child.pid === undefined)
    throw new ConformanceError("command_exited", `Could not start: ${parameters.command}`);
  const pid = child.pid;
  running.add(pid);
  let output = "";
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-maxOutput);
    stdout = (stdout + chunk.toString()).slice(-maxOutput);
    if (parameters.echo) process.stderr.write(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-maxOutput);
    if (parameters.echo) process.stderr.write(chunk);
  });
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("close", (code, signal) => {
      done = true;
      running.delete(pid);
      resolve({ code, signal });
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    pid,
    output: () => output,
    stdout: () => stdout,
    exited,
    hasExited: () => done,
    stop: () => {
      stopping ??= (async () => {
        if (!done) {
          killGroup(pid, "SIGTERM");
          const timer = setTimeout(() => killGroup(pid, "SIGKILL"), 3_000);
          await exited;
          clearTimeout(timer);
        }
        killGroup(pid, "SIGKILL");
      })();
      return stopping;
    },
  };
}
