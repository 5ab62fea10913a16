import path from "node:path";
import type { Hex } from "viem";
import { loadCases, roles } from "../cases/loadCases.js";
import { ConformanceError } from "../errors/ConformanceError.js";
import { createProgressDisplay } from "../report/createProgressDisplay.js";
import { formatSummaryTable } from "../report/formatSummaryTable.js";
import { judgeReport } from "../report/judgeReport.js";
import { writeReports } from "../report/writeReports.js";
import { runConformance } from "../run/runConformance.js";
import { matchesSpecSection } from "../spec/matchesSpecSection.js";
import { resolveSpecRef } from "../spec/resolveSpecRef.js";
import { type CliArguments, parseCliArguments, usage } from "./parseCliArguments.js";

/**
 * The `x402-conformance` command: returns the exit code (0 the run passed, 1 a MUST case failed or was skipped, or
 * with --strict a SHOULD case failed or a case warned; 2 usage or setup error).
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  let args: CliArguments | "help";
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
  if (args.list) return listCases(args);
  const target = args.target!;
  try {
    const report = await runConformance({
      target,
      ...(args.command ? { command: args.command } : {}),
      ...(args.url ? { url: args.url } : {}),
      ...(args.rpcUrl ? { rpcUrl: args.rpcUrl } : {}),
      ...(args.devKey ? { devKey: args.devKey as Hex } : {}),
      ...(args.chainId ? { chainId: args.chainId } : {}),
      ...(args.family ? { family: args.family } : {}),
      ...(args.caseTimeoutMs ? { caseTimeoutMs: args.caseTimeoutMs } : {}),
      ...(args.specSchema ? { specSchema: path.resolve(args.specSchema) } : {}),
      only: args.only,
      sections: args.sections,
      echo: args.verbose,
      onEvent: createProgressDisplay(),
    });
    const files = await writeReports({ report, directory: path.resolve(args.reportDir ?? ".") });
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else
      process.stdout.write(
        `${formatSummaryTable(report, { strict: args.strict })}\nReports: ${files.json}, ${files.junit}\n`,
      );
    return judgeReport(report, { strict: args.strict }).passed ? 0 : 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`x402-conformance: ${message}\n`);
    if (error instanceof ConformanceError && typeof error.details?.["output"] === "string")
      process.stderr.write(`--- output of the command under test ---\n${error.details["output"]}\n`);
    return 2;
  }
}

/** `--list [target]`: the cases (filtered by --only and --section), one a line, or as JSON with their spec links. */
async function listCases(args: CliArguments): Promise<number> {
  const cases = (await loadCases({ roles: args.target ? [args.target] : roles })).filter(
    (c) =>
      (args.only.length === 0 && args.sections.length === 0) ||
      args.only.some((prefix) => c.id.startsWith(prefix)) ||
      args.sections.some((section) => matchesSpecSection(c.spec, section)),
  );
  if (args.json) {
    const listed = cases.map(({ id, level, role, description, spec, rationale }) => ({
      id,
      level,
      role,
      description,
      spec: spec.map((ref) => resolveSpecRef(ref)),
      ...(rationale === undefined ? {} : { rationale }),
    }));
    process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
  } else {
    const width = Math.max(0, ...cases.map((c) => c.id.length));
    for (const c of cases)
      process.stdout.write(`${c.id.padEnd(width)}  ${c.level.padEnd(6)}  ${c.spec.join("; ")}\n`);
  }
  return 0;
}
