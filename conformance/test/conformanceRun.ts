import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import {
  type CaseStatus,
  countByLevel,
  type Report,
  type RunConformanceParameters,
  runConformance,
  writeReports,
} from "../src/index.js";

/** conformance/, the directory the peers' commands run from. */
export const packageDirectory = fileURLToPath(new URL("..", import.meta.url));

/**
 * Each case that did not simply pass, with its status: the fingerprint of an implementation's deviations. INFO
 * cases observe, they do not judge, so they are left out.
 */
export function notPassing(report: Report): Record<string, CaseStatus> {
  return Object.fromEntries(
    report.cases.filter((c) => c.status !== "pass" && c.status !== "info").map((c) => [c.id, c.status]),
  );
}

/** `MUST 15/14/3/0 · SHOULD …` (pass / warn / fail / skip), as in the README's result tables. */
export function formatCounts(report: Report): string {
  return Object.entries(countByLevel(report.cases))
    .filter(([, n]) => n.total > 0)
    .map(([level, n]) =>
      level === "INFO" ? `INFO ${n.info}` : `${level} ${n.pass} / ${n.warn} / ${n.fail} / ${n.skip}`,
    )
    .join(" · ");
}

/**
 * Runs one target, writes its reports to `reports/vitest/<label>/` (JSON and JUnit, for CI to keep), and logs the
 * counts and every case that did not simply pass.
 */
export async function runAndReport(label: string, parameters: RunConformanceParameters): Promise<Report> {
  const report = await runConformance(parameters);
  await writeReports({ report, directory: path.join(packageDirectory, "reports", "vitest", label) });
  const details = report.cases
    .filter((c) => c.status !== "pass")
    .map(
      (c) =>
        `  ${c.status.toUpperCase()} ${c.level} ${c.id}: ${c.message ?? [...c.warnings, ...c.observations].join("; ")}`,
    );
  console.log(
    [`${label} (${(report.durationMs / 1000).toFixed(1)} s): ${formatCounts(report)}`, ...details].join("\n"),
  );
  const { summary } = report;
  expect(summary.passed + summary.warned + summary.failed + summary.skipped + summary.informational).toBe(
    summary.total,
  );
  // Every case links its spec sections at the pinned commit; an INFO case that ran says what it saw.
  for (const c of report.cases) {
    expect(c.spec.length, c.id).toBeGreaterThan(0);
    // batch-settlement's EVM document is newer than the pinned commit: it is pinned in x402-foundation/x402.
    for (const ref of c.spec)
      expect(ref.url, c.id).toMatch(
        /^https:\/\/github\.com\/(coinbase|x402-foundation)\/x402\/blob\/[0-9a-f]{40}\//,
      );
    if (c.status === "info") expect(c.observations.length, c.id).toBeGreaterThan(0);
  }
  return report;
}

/**
 * x402kit's bar: every MUST case passes (a warning is a pass); SHOULD and MAY results are only reported. `skips`: the
 * cases a target may skip because it does not announce what they test.
 */
export function expectEveryMustPasses(report: Report, options: { skips?: RegExp } = {}): void {
  const failed = report.cases
    .filter(
      (c) =>
        c.level === "MUST" && (c.status === "fail" || (c.status === "skip" && !options.skips?.test(c.id))),
    )
    .map((c) => `${c.id}: ${c.message}`);
  expect(failed).toEqual([]);
}
