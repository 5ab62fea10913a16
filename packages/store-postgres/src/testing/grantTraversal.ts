import { randomUUID } from "node:crypto";
import { chmod, mkdir, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export type GrantTraversalReturnType = {
  /** The directories whose mode this grant holds changed (first holder or a later one). */
  changed: string[];
  /** Lets go of the grant; a directory's mode is put back when its last live holder lets go. */
  restore: () => Promise<void>;
};

/** One directory this module changed: its original mode and who still needs it traversable. */
type Entry = { mode: number; holders: string[] };
type State = Record<string, Entry>;

const statePath = join(tmpdir(), "x402kit-traversal.json");
const lockPath = join(tmpdir(), "x402kit-traversal.lock");
const staleLockMs = 30_000;

/**
 * When we are root, PostgreSQL runs as the `postgres` user, which must be able to reach its binaries in
 * node_modules. A checkout in a private directory (mode 700, as `mktemp -d` makes) hides them. This adds the
 * "others may traverse" bit (never read) to each ancestor that lacks it, and `restore()` takes it away again once
 * no other grant (in any process: servers of several test files and packages start at once) still needs it.
 */
export async function grantTraversal(path: string): Promise<GrantTraversalReturnType> {
  const holder = `${process.pid}:${randomUUID()}`;
  const directories: string[] = [];
  for (let directory = dirname(await realpath(path)); ; directory = dirname(directory)) {
    directories.push(directory);
    if (dirname(directory) === directory) break;
  }
  const changed = await withLock(async (state) => {
    const held: string[] = [];
    for (const directory of directories) {
      const entry = state[directory];
      if (entry) {
        entry.holders.push(holder);
        held.push(directory);
        continue;
      }
      const { mode } = await stat(directory);
      if ((mode & 0o001) !== 0) continue;
      await chmod(directory, (mode & 0o7777) | 0o001);
      state[directory] = { mode: mode & 0o7777, holders: [holder] };
      held.push(directory);
    }
    return held;
  });
  let released = false;
  return {
    changed,
    restore: async () => {
      if (released) return;
      released = true;
      await withLock(async (state) => {
        for (const [directory, entry] of Object.entries(state)) {
          entry.holders = entry.holders.filter((other) => other !== holder && isAlive(other));
          if (entry.holders.length > 0) continue;
          await chmod(directory, entry.mode).catch(() => undefined);
          delete state[directory];
        }
      });
    },
  };
}

function isAlive(holder: string): boolean {
  try {
    process.kill(Number(holder.split(":")[0]), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs `update` on the shared state under a cross-process lock (an atomic mkdir), then writes the state back. */
async function withLock<T>(update: (state: State) => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lockPath);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = await stat(lockPath).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > staleLockMs) await rm(lockPath, { recursive: true, force: true });
      else await sleep(10);
    }
  }
  try {
    const state: State = await readFile(statePath, "utf8").then(
      (text) => JSON.parse(text) as State,
      () => ({}),
    );
    const result = await update(state);
    const temporary = `${statePath}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(state));
    await rename(temporary, statePath);
    return result;
  } finally {
    await rm(lockPath, { recursive: true, force: true });
  }
}
