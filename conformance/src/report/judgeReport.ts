import type { Report } from "../types.js";

export type JudgeReportParameters = {
  /** h2spec's strict mode: a failed SHOULD case, or a warning at any level, fails the run too. */
  strict?: boolean;
};

export type JudgeReportReturnType = {
  passed: boolean;
  /** Why the run failed, one line per kind ("2 MUST cases failed"); empty when it passed. */
  reasons: string[];
};

const cases = (n: number) => `${n} ${n === 1 ? "case" : "cases"}`;

/**
 * The verdict of a run. It fails when a MUST case failed, or was skipped (a MUST that was not checked is not
 * passed: a facilitator that does not announce what the case needs is not conformant there). With `strict`, a
 * failed SHOULD case or any warning fails it too. MAY failures, SHOULD skips and INFO observations never do.
 */
export function judgeReport(report: Report, parameters: JudgeReportParameters = {}): JudgeReportReturnType {
  const { summary } = report;
  const reasons: string[] = [];
  if (summary.mustFailed > 0) reasons.push(`${cases(summary.mustFailed)} of level MUST failed`);
  if (summary.mustSkipped > 0) reasons.push(`${cases(summary.mustSkipped)} of level MUST skipped`);
  if (parameters.strict) {
    if (summary.shouldFailed > 0)
      reasons.push(`${cases(summary.shouldFailed)} of level SHOULD failed (strict)`);
    if (summary.warned > 0) reasons.push(`${cases(summary.warned)} passed with a warning (strict)`);
  }
  return { passed: reasons.length === 0, reasons };
}
