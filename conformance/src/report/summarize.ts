import type { CaseResult, ReportSummary } from "../types.js";

/** Counts the results; `judgeReport` decides from them whether the run failed. */
export function summarize(results: readonly CaseResult[]): ReportSummary {
  const count = (status: CaseResult["status"]) => results.filter((r) => r.status === status).length;
  return {
    total: results.length,
    passed: count("pass"),
    failed: count("fail"),
    warned: count("warn"),
    skipped: count("skip"),
    informational: count("info"),
    mustFailed: results.filter((r) => r.status === "fail" && r.level === "MUST").length,
    mustSkipped: results.filter((r) => r.status === "skip" && r.level === "MUST").length,
    shouldFailed: results.filter((r) => r.status === "fail" && r.level === "SHOULD").length,
  };
}
