import { runCli } from "./cli/runCli.js";

// Entry of the `x402-conformance` bin: exit only after the run has stopped everything it started.
process.exitCode = await runCli(process.argv.slice(2));
