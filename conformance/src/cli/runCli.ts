import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";
import { loadCases } from "../cases/loadCases.js";
import { ConformanceError } from "../errors/ConformanceError.js";
import { createProgressDisplay } from "../report/createProgressDisplay.js";
import { formatSummaryTable } from "../report/formatSummaryTable.js";
import { writeReports } from "../report/writeReports.js";
import { runConformance } from "../run/runConformance.js";
import { parseCliArguments, usage } from "./parseCliArguments.js";

/** conformance/reports, next to this package's src/ or dist/. */
export const defaultReportDir = fileURLToPath(new URL("../../reports/", import.meta.url));

/** The `x402-conformance` command: returns the exit code (0 ok, 1 a MUST failed, 2 usage or setup error). */
export async function runCli(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseCliArguments>;
  try {
    args = parseCliArguments(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (args.list) {
    for (const c of await loadCases({ roles: [args.target] }))
      process.stdout.write(`${c.id.padEnd(58)} ${c.level.padEnd(6)} ${c.section}\n`);
    return 0;
  }
  try {
    const report = await runConformance({
      target: args.target,
      ...(args.command ? { command: args.command } : {}),
      ...(args.url ? { url: args.url } : {}),
      ...(args.rpcUrl ? { rpcUrl: args.rpcUrl } : {}),
      ...(args.devKey ? { devKey: args.devKey as Hex } : {}),
      ...(args.chainId ? { chainId: args.chainId } : {}),
      ...(args.caseTimeoutMs ? { caseTimeoutMs: args.caseTimeoutMs } : {}),
      only: args.only,
      echo: args.verbose,
      onEvent: createProgressDisplay(),
    });
    const files = await writeReports({ report, directory: path.resolve(args.reportDir ?? defaultReportDir) });
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${formatSummaryTable(report)}\nReports: ${files.json}, ${files.junit}\n`);
    return report.summary.mustFailed > 0 ? 1 : 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`x402-conformance: ${message}\n`);
    if (error instanceof ConformanceError && typeof error.details?.["output"] === "string")
      process.stderr.write(`--- output of the command under test ---\n${error.details["output"]}\n`);
    return 2;
  }
}
