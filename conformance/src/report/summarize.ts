import type { CaseResult, ReportSummary } from "../types.js";

/** Counts the results; `mustFailed` decides the exit code. */
export function summarize(results: readonly CaseResult[]): ReportSummary {
  const count = (status: CaseResult["status"]) => results.filter((r) => r.status === status).length;
  return {
    total: results.length,
    passed: count("pass"),
    failed: count("fail"),
    warned: count("warn"),
    skipped: count("skip"),
    mustFailed: results.filter((r) => r.status === "fail" && r.level === "MUST").length,
  };
}
