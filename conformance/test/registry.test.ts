import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatCaseList } from "../src/docs/formatCaseList.js";
import {
  formatResultsTable,
  formatSideBySideHtml,
  formatSideBySideMarkdown,
} from "../src/docs/formatSideBySide.js";
import { readPublishedResults } from "../src/docs/readPublishedResults.js";
import { replaceMarkedBlock } from "../src/docs/replaceMarkedBlock.js";
import { caseSchema, loadCases, roles } from "../src/index.js";

describe("case registry", () => {
  it("loads at least 60 cases with unique ids", async () => {
    const cases = await loadCases();
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it("gives every case spec citations, a level, a role and a one-line description", async () => {
    for (const c of await loadCases()) {
      expect(caseSchema.safeParse(c).success, c.id).toBe(true);
      expect(c.id.startsWith(`${c.role}.`), c.id).toBe(true);
      expect(c.description.includes("\n"), c.id).toBe(false);
    }
  });

  it("covers every role and every level", async () => {
    const cases = await loadCases();
    for (const role of roles)
      expect(
        cases.some((c) => c.role === role),
        role,
      ).toBe(true);
    for (const level of ["MUST", "SHOULD", "MAY", "INFO"])
      expect(
        cases.some((c) => c.level === level),
        level,
      ).toBe(true);
  });

  it("loads one role on its own", async () => {
    const cases = await loadCases({ roles: ["server"] });
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((c) => c.role === "server")).toBe(true);
  });
});

describe("README", () => {
  it("lists the cases as the case files declare them (pnpm readme rewrites it)", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const generated = replaceMarkedBlock(readme, "cases", formatCaseList(await loadCases()));
    expect(
      readme === generated,
      "conformance/README.md is out of date: run pnpm --filter @x402kit/conformance readme",
    ).toBe(true);
  });

  it("shows the published results as the generator writes them, and so does the side-by-side report", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const results = await readPublishedResults(fileURLToPath(new URL("../results", import.meta.url)));
    expect(results.map((r) => r.implementation)).toEqual(
      expect.arrayContaining(["x402kit", "reference", "Faremeter"]),
    );
    const stale = "out of date: run pnpm --filter @x402kit/conformance readme";
    expect(
      readme === replaceMarkedBlock(readme, "results", formatResultsTable(results)),
      `README.md ${stale}`,
    ).toBe(true);
    const markdown = await readFile(new URL("../results/side-by-side.md", import.meta.url), "utf8");
    expect(markdown === formatSideBySideMarkdown(results), `results/side-by-side.md ${stale}`).toBe(true);
    const html = await readFile(new URL("../results/side-by-side.html", import.meta.url), "utf8");
    expect(html === formatSideBySideHtml(results), `results/side-by-side.html ${stale}`).toBe(true);
  });
});
