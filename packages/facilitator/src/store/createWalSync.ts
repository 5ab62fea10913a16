import { closeSync, fdatasync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";

export type CreateWalSyncParameters = {
  /** The database file, in WAL mode, whose `-wal` file exists (the connection has run a transaction). */
  path: string;
};

export type WalSync = {
  /** Resolves once every commit made before the call is on disk; rejects when the disk refused. */
  sync(): Promise<void>;
  /** Waits for the sync under way, then closes the file. */
  close(): Promise<void>;
};

export type CreateWalSyncReturnType = WalSync;

/**
 * Makes a WAL database's commits durable off the event loop. With `PRAGMA synchronous = NORMAL` a commit writes its
 * frames to the `-wal` file without syncing it, and is durable across a crash of the process but not of the machine;
 * what FULL adds is a sync of the WAL at each commit, and nothing else (sqlite.org, "Write-Ahead Logging" and
 * "PRAGMA synchronous"). Here that sync is an `fdatasync` of the WAL on libuv's thread pool: one that starts after a
 * commit makes it as durable as FULL would, and one serves every commit made before it began (group commit), so a
 * burst of writes costs one sync and none blocks the event loop.
 */
export function createWalSync(parameters: CreateWalSyncParameters): CreateWalSyncReturnType {
  const fd = openSync(`${parameters.path}-wal`, "r");
  // The WAL's name in its directory must be durable too.
  const directory = openSync(dirname(parameters.path), "r");
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
  const once = () =>
    new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  /** The sync under way, and the one that starts after it for the commits made meanwhile. */
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const sync = (): Promise<void> => {
    if (!running) {
      running = once().finally(() => {
        running = undefined;
      });
      return running;
    }
    // The sync under way may have started before the caller's commit: wait for the next one.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return sync();
      });
    return next;
  };
  return {
    sync,
    async close() {
      await Promise.allSettled([running, next]);
      closeSync(fd);
    },
  };
}
