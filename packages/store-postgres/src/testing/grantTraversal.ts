import { chmod, realpath, stat } from "node:fs/promises";
import { dirname } from "node:path";

export type GrantTraversalReturnType = {
  /** The directories that were changed, to restore. */
  changed: string[];
  /** Puts back the modes that were changed. */
  restore: () => Promise<void>;
};

/**
 * When we are root, PostgreSQL runs as the `postgres` user, which must be able to reach its binaries in
 * node_modules. A checkout in a private directory (mode 700, as `mktemp -d` makes) hides them. This adds the
 * "others may traverse" bit (never read) to each ancestor that lacks it, and `restore()` takes it away again.
 */
export async function grantTraversal(path: string): Promise<GrantTraversalReturnType> {
  const changed: { directory: string; mode: number }[] = [];
  let directory = dirname(await realpath(path));
  for (;;) {
    const { mode } = await stat(directory);
    if ((mode & 0o001) === 0) {
      await chmod(directory, (mode & 0o7777) | 0o001);
      changed.push({ directory, mode: mode & 0o7777 });
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return {
    changed: changed.map((entry) => entry.directory),
    restore: async () => {
      for (const entry of changed.reverse()) await chmod(entry.directory, entry.mode).catch(() => undefined);
    },
  };
}
