import type { CaseResult, Report } from "../types.js";
import { countByLevel } from "./countByLevel.js";

const symbols: Record<CaseResult["status"], string> = {
  pass: "PASS",
  fail: "FAIL",
  warn: "WARN",
  skip: "SKIP",
};

const pad = (text: string, width: number) =>
  text.length >= width ? text : text + " ".repeat(width - text.length);

/**
 * The summary a person reads at the end of a run: every case that did not simply pass (with its reason), then the
 * counts per level.
 */
export function formatSummaryTable(report: Report): string {
  const lines: string[] = [];
  const notable = report.cases.filter((c) => c.status !== "pass");
  if (notable.length > 0) {
    const idWidth = Math.max(...notable.map((c) => c.id.length));
    lines.push("", `${pad("STATUS", 6)}  ${pad("LEVEL", 6)}  ${pad("CASE", idWidth)}  DETAIL`);
    for (const c of notable) {
      const details = c.status === "warn" ? c.warnings : [c.message ?? ""];
      lines.push(
        `${pad(symbols[c.status], 6)}  ${pad(c.level, 6)}  ${pad(c.id, idWidth)}  ${details[0] ?? ""}`,
      );
      for (const more of details.slice(1)) lines.push(`${" ".repeat(16 + idWidth)}  ${more}`);
    }
  }
  lines.push(
    "",
    `${pad("LEVEL", 8)}${pad("pass", 7)}${pad("warn", 7)}${pad("fail", 7)}${pad("skip", 7)}total`,
  );
  for (const [level, n] of Object.entries(countByLevel(report.cases)))
    lines.push(
      `${pad(level, 8)}${pad(String(n.pass), 7)}${pad(String(n.warn), 7)}${pad(String(n.fail), 7)}${pad(String(n.skip), 7)}${n.total}`,
    );
  const { summary } = report;
  lines.push(
    `${pad("all", 8)}${pad(String(summary.passed), 7)}${pad(String(summary.warned), 7)}${pad(String(summary.failed), 7)}${pad(String(summary.skipped), 7)}${summary.total}`,
    "",
    summary.mustFailed > 0
      ? `x402-conformance ${report.target}: FAILED (${summary.mustFailed} MUST case${summary.mustFailed === 1 ? "" : "s"} failed) in ${(report.durationMs / 1000).toFixed(1)} s`
      : `x402-conformance ${report.target}: PASSED (no MUST failed) in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return lines.join("\n");
}
