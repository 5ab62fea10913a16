import { startCommand } from "../process/startCommand.js";
import { waitForHttp } from "../process/waitForHttp.js";

/** Starts the implementation under test in this process (tests, CI): gets the env a command would get. */
export type StartSubject = (
  env: Record<string, string>,
) => Promise<{ url?: string; stop: () => Promise<void> }>;

export type StartSubjectParameters = {
  command?: string | undefined;
  start?: StartSubject | undefined;
  env: Record<string, string>;
  /** Where it will listen: `http://127.0.0.1:<PORT>`. */
  url: string;
  /** The path polled until the subject is ready. */
  readyPath: string;
  ready?: (status: number) => boolean;
  timeoutMs: number;
  echo?: boolean;
};

/** Starts a facilitator or server under test from a command template or a function, and waits until it answers. */
export async function startSubject(
  parameters: StartSubjectParameters,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const { env, readyPath, timeoutMs } = parameters;
  const ready = parameters.ready ?? (() => true);
  if (parameters.start) {
    const handle = await parameters.start(env);
    const url = (handle.url ?? parameters.url).replace(/\/+$/, "");
    try {
      await waitForHttp({ url: `${url}${readyPath}`, timeoutMs, ready });
    } catch (error) {
      await handle.stop();
      throw error;
    }
    return { url, stop: handle.stop };
  }
  if (!parameters.command) throw new Error("startSubject needs a command or a start function");
  const command = startCommand({
    command: parameters.command,
    env,
    ...(parameters.echo ? { echo: true } : {}),
  });
  try {
    await waitForHttp({ url: `${parameters.url}${readyPath}`, timeoutMs, command, ready });
  } catch (error) {
    await command.stop();
    throw error;
  }
  return { url: parameters.url, stop: command.stop };
}
