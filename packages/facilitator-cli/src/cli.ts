/**
 * The `x402kit-facilitator` entry point (bin/x402kit-facilitator.js imports the built copy). Exits 0 after a clean
 * stop, 2 for a bad configuration, 1 when start-up failed.
 */

// node:sqlite prints an ExperimentalWarning when it loads on Node 22; the store is the CLI's default, so keep that one
// line out of its output and let every other warning through.
const printWarning = process.listeners("warning");
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "ExperimentalWarning" && /SQLite/i.test(warning.message)) return;
  for (const listener of printWarning) listener(warning);
});

// Loaded after the filter above, so that loading node:sqlite is already filtered.
const { runCli } = await import("./cli/runCli.js");

const stopSignal = new Promise<string>((resolve) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve(signal));
});
process.exitCode = await runCli({ argv: process.argv.slice(2), env: process.env, stopSignal });
// Nothing is left to wait for (a pending signal listener or a stray timer must not hold the process open).
process.exit();
