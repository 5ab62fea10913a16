import { describe, expect, it } from "vitest";
import { caseSchema, loadCases, roles } from "../src/index.js";

describe("case registry", () => {
  it("loads at least 60 cases with unique ids", async () => {
    const cases = await loadCases();
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it("gives every case a section, a level, a role and a one-line description", async () => {
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
    for (const level of ["MUST", "SHOULD", "MAY"])
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
