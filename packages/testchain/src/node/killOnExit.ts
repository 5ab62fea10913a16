const groups = new Set<number>();
let registered = false;

/** Sends `signal` to the process group led by `pid` (falls back to the pid alone). Never throws. */
export function killProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === "win32" ? pid : -pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Kills the process group of `pid` when this process exits or gets SIGINT/SIGTERM/SIGHUP. */
export function killOnExit(pid: number): () => void {
  register();
  groups.add(pid);
  return () => groups.delete(pid);
}

function killAll(): void {
  for (const pid of groups) killProcessGroup(pid, "SIGKILL");
  groups.clear();
}

function register(): void {
  if (registered) return;
  registered = true;
  // `exit` handlers must be synchronous: process.kill is.
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll();
      // Keep the default behaviour (terminate) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
