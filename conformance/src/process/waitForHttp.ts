import { ConformanceError } from "../errors/ConformanceError.js";
import type { StartedCommand } from "./startCommand.js";

export type WaitForHttpParameters = {
  url: string;
  timeoutMs: number;
  /** Stop waiting when this command exits. */
  command?: StartedCommand;
  /** Which statuses count as ready (default: any HTTP answer). */
  ready?: (status: number) => boolean;
};

/** Polls `url` until it answers over HTTP, the command exits, or the time is up. */
export async function waitForHttp({
  url,
  timeoutMs,
  command,
  ready = () => true,
}: WaitForHttpParameters): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (command?.hasExited()) {
      const { code } = await command.exited;
      throw new ConformanceError(
        "command_exited",
        `The command exited (code ${code}) before ${url} answered.`,
        {
          details: { output: command.output().slice(-4000) },
        },
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (ready(response.status)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new ConformanceError("command_timeout", `${url} did not answer within ${timeoutMs} ms (${last}).`, {
    details: { output: command?.output().slice(-4000) },
  });
}
