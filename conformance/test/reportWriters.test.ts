import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CaseResult,
  formatJunitXml,
  formatSummaryTable,
  judgeReport,
  type Report,
  resolveSpecRef,
  summarize,
  writeReports,
} from "../src/index.js";

const result = (
  id: string,
  status: CaseResult["status"],
  level: CaseResult["level"],
  extra: Partial<CaseResult> = {},
): CaseResult => ({
  id,
  section: "v2 §7.1",
  spec: [resolveSpecRef("v2 §7.1")!],
  level,
  role: "facilitator",
  description: `checks ${id}`,
  status,
  durationMs: 12,
  warnings: [],
  observations: [],
  ...extra,
});

const cases = [
  result("facilitator.verify.valid", "pass", "MUST"),
  result("facilitator.verify.wrong-amount", "fail", "MUST", {
    message: 'expected "a" & <b>, got \u0001 "c"',
  }),
  result("facilitator.verify.alias", "warn", "MUST", { warnings: ["known alias"] }),
  result("facilitator.verify.v1", "skip", "MAY", { message: "no v1 kind" }),
  result("facilitator.settle.concurrent", "fail", "SHOULD", { message: "nonce too low" }),
  result("facilitator.info.malformed-status", "info", "INFO", {
    observations: ["answers 400 to a bad body"],
  }),
];

const report: Report = {
  suite: "x402-conformance",
  version: "0.1.0",
  target: "facilitator",
  subject: "pnpm exec tsx peers/referenceFacilitator.ts",
  startedAt: "2025-01-01T00:00:00.000Z",
  durationMs: 1234,
  chain: { chainId: 31337, network: "eip155:31337", asset: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
  spec: { repository: "coinbase/x402", commit: "dd927a26cfefc98c24b3ec38b3a8f204dad0c60d" },
  summary: summarize(cases),
  cases,
};

describe("summarize", () => {
  it("counts statuses and failed MUST cases", () => {
    expect(report.summary).toEqual({
      total: 6,
      passed: 1,
      failed: 2,
      warned: 1,
      skipped: 1,
      informational: 1,
      mustFailed: 1,
      mustSkipped: 0,
      shouldFailed: 1,
    });
  });
});

describe("formatJunitXml", () => {
  const xml = formatJunitXml(report);

  it("writes one testcase per case with the totals", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain('tests="6" failures="2" skipped="1"');
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml).toContain('<failure type="SHOULD" message="nonce too low">');
    expect(xml).toContain('<skipped message="no v1 kind"/>');
    expect(xml).toContain("WARNING: known alias");
    expect(xml).toContain("INFO: answers 400 to a bad body");
    expect(xml).toContain(
      '<property name="spec" value="v2 §7.1 7.1 POST /verify: https://github.com/coinbase/x402/blob/dd927a26cfefc98c24b3ec38b3a8f204dad0c60d/specs/x402-specification-v2.md?plain=1#L319"/>',
    );
  });

  it("escapes XML and drops characters XML cannot carry", () => {
    expect(xml).toContain("expected &quot;a&quot; &amp; &lt;b&gt;, got  &quot;c&quot;");
    expect(xml).not.toContain("\u0001");
  });
});

describe("writeReports", () => {
  it("writes the JSON report and the JUnit file", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "x402-conformance-"));
    try {
      const files = await writeReports({ report, directory });
      expect(JSON.parse(await readFile(files.json, "utf8"))).toEqual(report);
      expect(await readFile(files.junit, "utf8")).toBe(formatJunitXml(report));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("formatSummaryTable", () => {
  it("lists what did not pass and the counts per level", () => {
    const table = formatSummaryTable(report);
    expect(table).toContain("FAIL    MUST    facilitator.verify.wrong-amount");
    expect(table).toMatch(/MUST\s+1\s+1\s+1\s+0\s+0\s+3/);
    expect(table).toMatch(/INFO\s+facilitator\.info\.malformed-status\s+answers 400 to a bad body/);
    expect(table).toContain("x402-specification-v2.md?plain=1#L319");
    expect(table).toContain("FAILED (1 case of level MUST failed)");
  });
});

describe("judgeReport", () => {
  const only = (...results: CaseResult[]): Report => ({
    ...report,
    cases: results,
    summary: summarize(results),
  });

  it("fails on a failed or skipped MUST; SHOULD failures, MAY skips and INFO do not fail a plain run", () => {
    expect(judgeReport(report)).toEqual({ passed: false, reasons: ["1 case of level MUST failed"] });
    expect(judgeReport(only(result("a.b.c", "skip", "MUST", { message: "not announced" })))).toEqual({
      passed: false,
      reasons: ["1 case of level MUST skipped"],
    });
    const lenient = only(
      result("a.b.pass", "pass", "MUST"),
      result("a.b.warn", "warn", "MUST", { warnings: ["alias"] }),
      result("a.b.should", "fail", "SHOULD", { message: "no" }),
      result("a.b.may", "skip", "MAY", { message: "no v1" }),
      result("a.b.info", "info", "INFO", { observations: ["seen"] }),
    );
    expect(judgeReport(lenient)).toEqual({ passed: true, reasons: [] });
    // Strict (h2spec): the SHOULD failure and the warning fail the run; the MAY skip and INFO still do not.
    expect(judgeReport(lenient, { strict: true })).toEqual({
      passed: false,
      reasons: ["1 case of level SHOULD failed (strict)", "1 case passed with a warning (strict)"],
    });
  });
});
