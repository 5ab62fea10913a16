import type { CaseResult, CaseStatus, Level } from "../types.js";

export type LevelCounts = Record<CaseStatus, number> & { total: number };

export type CountByLevelReturnType = Record<Level, LevelCounts>;

/** The results counted per level and status: the rows of the summary table and of the README's result tables. */
export function countByLevel(results: readonly CaseResult[]): CountByLevelReturnType {
  const count = (level: Level): LevelCounts => {
    const of = results.filter((r) => r.level === level);
    const n = (status: CaseStatus) => of.filter((r) => r.status === status).length;
    return {
      pass: n("pass"),
      warn: n("warn"),
      fail: n("fail"),
      skip: n("skip"),
      info: n("info"),
      total: of.length,
    };
  };
  return { MUST: count("MUST"), SHOULD: count("SHOULD"), MAY: count("MAY"), INFO: count("INFO") };
}
