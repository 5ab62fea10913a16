import type { Report } from "../types.js";

/** Whether XML 1.0 can carry this character (tab, newline, carriage return, and from space on). */
const xmlAllowed = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return (
    code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code !== 0xfffe && code !== 0xffff)
  );
};

const escapeXml = (text: string) =>
  [...text]
    .filter(xmlAllowed)
    .join("")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

/**
 * JUnit XML for CI: one `<testsuite>` per run, one `<testcase>` per case (classname = role.area). A failed MUST or
 * SHOULD/MAY case is a `<failure>` whose type is its level; warnings and INFO observations go to `<system-out>`;
 * each case's spec sections, with their links at the pinned spec commit, are its `<properties>`.
 */
export function formatJunitXml(report: Report): string {
  const { summary } = report;
  const cases = report.cases.map((c) => {
    const classname = `x402-conformance.${c.id.split(".").slice(0, 2).join(".")}`;
    const name = `${c.id} [${c.level}] ${c.description}`;
    const body: string[] = [
      "      <properties>",
      ...c.spec.map(
        (ref) =>
          `        <property name="spec" value="${escapeXml(`${ref.ref} ${ref.title}: ${ref.url}`)}"/>`,
      ),
      "      </properties>",
    ];
    if (c.status === "fail") {
      body.push(
        `      <failure type="${c.level}" message="${escapeXml(c.message ?? "failed")}">${escapeXml(
          `${c.spec.map((ref) => `${ref.ref}: ${ref.url}`).join("\n")}\n${c.message ?? ""}`,
        )}</failure>`,
      );
    }
    if (c.status === "skip") body.push(`      <skipped message="${escapeXml(c.message ?? "skipped")}"/>`);
    const out = [...c.warnings.map((w) => `WARNING: ${w}`), ...c.observations.map((o) => `INFO: ${o}`)];
    if (out.length > 0) body.push(`      <system-out>${escapeXml(out.join("\n"))}</system-out>`);
    const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
    return `${open}>\n${body.join("\n")}\n    </testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="x402-conformance" tests="${summary.total}" failures="${summary.failed}" skipped="${summary.skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="x402-conformance ${escapeXml(report.target)}" tests="${summary.total}" failures="${summary.failed}" errors="0" skipped="${summary.skipped}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${escapeXml(report.startedAt)}">`,
    `    <properties>`,
    `      <property name="subject" value="${escapeXml(report.subject)}"/>`,
    `      <property name="network" value="${escapeXml(report.chain.network)}"/>`,
    `      <property name="version" value="${escapeXml(report.version)}"/>`,
    `      <property name="spec" value="${escapeXml(`${report.spec.repository}@${report.spec.commit}`)}"/>`,
    `    </properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}
