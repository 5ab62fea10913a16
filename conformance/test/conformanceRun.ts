import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { publishedResultPath } from "../src/docs/readPublishedResults.js";
import {
  type CaseStatus,
  countByLevel,
  type Report,
  type RunConformanceParameters,
  runConformance,
  writeReports,
} from "../src/index.js";
import {
  type PublishedResult,
  publishedResultSchema,
  toPublishedResult,
} from "../src/report/toPublishedResult.js";

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

/** What a published run is: the implementation's column in the side-by-side report, and what ran, in words. */
export type Publish = { implementation: string; subject: string };

/**
 * A published run's results are pinned: every case's status must equal the one in `results/` (the side-by-side
 * report and the README's table are generated from those files). `X402_CONFORMANCE_PUBLISH=1` rewrites the file
 * from the run instead.
 */
async function pinPublished(
  report: Report,
  publish: Publish,
  family: PublishedResult["family"],
): Promise<void> {
  const result = toPublishedResult({ report, ...publish, family });
  const where = path.join(packageDirectory, "results", publishedResultPath(result));
  if (process.env["X402_CONFORMANCE_PUBLISH"] === "1") {
    await mkdir(path.dirname(where), { recursive: true });
    await writeFile(where, `${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const published = publishedResultSchema.parse(JSON.parse(await readFile(where, "utf8")));
  const statuses = (r: PublishedResult) => Object.fromEntries(r.cases.map((c) => [c.id, c.status]));
  expect(
    statuses(result),
    `${where}: the run differs from the published results (X402_CONFORMANCE_PUBLISH=1 pnpm test rewrites them)`,
  ).toEqual(statuses(published));
}

/**
 * Runs one target, writes its reports to `reports/vitest/<label>/` (JSON and JUnit, for CI to keep), logs the
 * counts and every case that did not simply pass, and, for a published run, checks its results against `results/`.
 */
export async function runAndReport(
  label: string,
  parameters: RunConformanceParameters,
  options: { publish?: Publish } = {},
): Promise<Report> {
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
  if (options.publish) await pinPublished(report, options.publish, parameters.family ?? "eip155");
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
