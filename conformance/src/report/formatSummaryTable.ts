import type { CaseResult, Report } from "../types.js";
import { countByLevel } from "./countByLevel.js";
import { type JudgeReportParameters, judgeReport } from "./judgeReport.js";

const symbols: Record<CaseResult["status"], string> = {
  pass: "PASS",
  fail: "FAIL",
  warn: "WARN",
  skip: "SKIP",
  info: "INFO",
};

const pad = (text: string, width: number) =>
  text.length >= width ? text : text + " ".repeat(width - text.length);

const detailsOf = (c: CaseResult) =>
  c.status === "warn" ? c.warnings : c.status === "info" ? c.observations : [c.message ?? ""];

/**
 * The summary a person reads at the end of a run: every case that did not simply pass (with its reason, what it
 * observed, and for a failure the spec section it judged by), then the counts per level and the verdict.
 */
export function formatSummaryTable(report: Report, parameters: JudgeReportParameters = {}): string {
  const lines: string[] = [];
  const notable = report.cases.filter((c) => c.status !== "pass");
  if (notable.length > 0) {
    const idWidth = Math.max(...notable.map((c) => c.id.length));
    const indent = " ".repeat(16 + idWidth);
    lines.push("", `${pad("STATUS", 6)}  ${pad("LEVEL", 6)}  ${pad("CASE", idWidth)}  DETAIL`);
    for (const c of notable) {
      const details = detailsOf(c);
      lines.push(
        `${pad(symbols[c.status], 6)}  ${pad(c.level, 6)}  ${pad(c.id, idWidth)}  ${details[0] ?? ""}`,
      );
      for (const more of details.slice(1)) lines.push(`${indent}  ${more}`);
      if (c.status === "fail") for (const ref of c.spec) lines.push(`${indent}  ${ref.ref}: ${ref.url}`);
    }
  }
  const row = (label: string, cells: (string | number)[]) =>
    `${pad(label, 8)}${cells
      .slice(0, -1)
      .map((cell) => pad(String(cell), 7))
      .join("")}${cells.at(-1)}`;
  lines.push("", row("LEVEL", ["pass", "warn", "fail", "skip", "info", "total"]));
  for (const [level, n] of Object.entries(countByLevel(report.cases)))
    if (n.total > 0) lines.push(row(level, [n.pass, n.warn, n.fail, n.skip, n.info, n.total]));
  const { summary } = report;
  lines.push(
    row("all", [
      summary.passed,
      summary.warned,
      summary.failed,
      summary.skipped,
      summary.informational,
      summary.total,
    ]),
  );
  const verdict = judgeReport(report, parameters);
  const seconds = `${(report.durationMs / 1000).toFixed(1)} s`;
  const mode = parameters.strict ? " (strict)" : "";
  lines.push(
    "",
    verdict.passed
      ? `x402-conformance ${report.target}${mode}: PASSED in ${seconds}`
      : `x402-conformance ${report.target}${mode}: FAILED (${verdict.reasons.join("; ")}) in ${seconds}`,
  );
  return lines.join("\n");
}
