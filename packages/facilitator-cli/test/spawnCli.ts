import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));

export type SpawnedCli = {
  child: ChildProcess;
  /** stdout (JSON log lines) and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** The first log line with this message (and these fields, if given), parsed. */
  waitForLog: (
    message: string,
    options?: { timeoutMs?: number; where?: (line: Record<string, unknown>) => boolean },
  ) => Promise<Record<string, unknown>>;
  /** Every JSON line of the output (logs on stdout; spans on stderr with `--otel`). */
  lines: () => Record<string, unknown>[];
};

/** Runs the CLI as it ships: its bin, on the built packages (turbo builds before it tests). */
export function spawnCli(args: string[], env: Record<string, string> = {}): SpawnedCli {
  const child = spawn(process.execPath, ["bin/x402kit-facilitator.js", ...args], {
    cwd: packageRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const lines = () =>
    text.split("\n").flatMap((line) => {
      if (!line.startsWith("{")) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const waitForLog: SpawnedCli["waitForLog"] = async (message, options = {}) => {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      const found = lines().find((line) => line.msg === message && (options.where?.(line) ?? true));
      if (found) return found;
      if (child.exitCode !== null) break;
      await sleep(50);
    }
    throw new Error(`no "${message}" log line; output:\n${text}`);
  };
  return { child, output: () => text, exited, waitForLog, lines };
}

/** Waits until the node holds the transaction (in its mempool or mined). */
export async function waitForMempool(
  chain: { publicClient: { getTransaction(parameters: { hash: `0x${string}` }): Promise<unknown> } },
  hash: `0x${string}`,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await chain.publicClient.getTransaction({ hash }).then(
      () => true,
      () => false,
    );
    if (found) return;
    if (Date.now() > deadline) throw new Error(`the node never saw ${hash}`);
    await sleep(25);
  }
}
