import { type StartCommandParameters, startCommand } from "./startCommand.js";

export type RunCommandOnceReturnType = {
  exitCode: number | null;
  timedOut: boolean;
  /** stdout and stderr, interleaved (last 64 KiB). */
  output: string;
  stdout: string;
};

/** Runs a client command to its end, stopping it after `timeoutMs` (a client under test that loops or hangs). */
export async function runCommandOnce(
  parameters: StartCommandParameters & { timeoutMs: number },
): Promise<RunCommandOnceReturnType> {
  const { timeoutMs, ...start } = parameters;
  const command = startCommand(start);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void command.stop();
  }, timeoutMs);
  const { code } = await command.exited;
  clearTimeout(timer);
  await command.stop();
  return { exitCode: code, timedOut, output: command.output(), stdout: command.stdout() };
}
