import { roles } from "../cases/loadCases.js";
import { resolveSpecRef } from "../spec/resolveSpecRef.js";
import { specCommit, specRepository } from "../spec/specSections.js";
import type { ConformanceCase } from "../types.js";

const cell = (text: string) => text.replace(/\|/g, "\\|");

/**
 * The README's list of cases, in Markdown: per role, one row per case with its level, what it checks and its spec
 * citations, each linked to its section at the pinned spec commit; the cases with a rationale get it below.
 */
export function formatCaseList(cases: readonly ConformanceCase[]): string {
  const lines = [
    `Spec citations link to [${specRepository}@${specCommit.slice(0, 7)}](https://github.com/${specRepository}/tree/${specCommit}/specs).`,
  ];
  for (const role of roles) {
    const ofRole = cases.filter((c) => c.role === role).sort((a, b) => a.id.localeCompare(b.id));
    if (ofRole.length === 0) continue;
    lines.push(
      "",
      `#### ${role} (${ofRole.length})`,
      "",
      "| id | level | checks | spec |",
      "| --- | --- | --- | --- |",
    );
    for (const c of ofRole) {
      const spec = c.spec.map((ref) => `[${ref}](${resolveSpecRef(ref)?.url})`).join(", ");
      const mark = c.rationale ? " ¹" : "";
      lines.push(`| \`${c.id}\`${mark} | ${c.level} | ${cell(c.description)} | ${cell(spec)} |`);
    }
    const reasoned = ofRole.filter((c) => c.rationale);
    if (reasoned.length > 0) {
      lines.push("", "¹ Where the case reads past the spec's words, its reasoning:", "");
      for (const c of reasoned) lines.push(`- \`${c.id}\`: ${c.rationale}`);
    }
  }
  return lines.join("\n");
}
