import { z } from "zod";
import type { Family, Report } from "../types.js";

/**
 * One implementation's results for one target, as published in `results/` and read by the side-by-side report: the
 * status of every case, and what it said, with the run's addresses, hashes and ports masked so that a re-run
 * changes the file only where a result changed.
 */
export const publishedResultSchema = z.object({
  implementation: z.string(),
  /** What ran, in words: the packages and the adapter. */
  subject: z.string(),
  target: z.enum(["facilitator", "server", "client", "mcp-server", "mcp-client"]),
  family: z.enum(["eip155", "solana"]),
  suiteVersion: z.string(),
  spec: z.object({ repository: z.string(), commit: z.string() }),
  cases: z.array(
    z.object({
      id: z.string(),
      level: z.enum(["MUST", "SHOULD", "MAY", "INFO"]),
      status: z.enum(["pass", "fail", "warn", "skip", "info"]),
      detail: z.string().optional(),
    }),
  ),
});

export type PublishedResult = z.infer<typeof publishedResultSchema>;

export type ToPublishedResultParameters = {
  report: Report;
  implementation: string;
  subject: string;
  family?: Family;
};

/** Masks what differs from run to run: addresses, hashes, signatures, ports, long numbers. */
function mask(text: string): string {
  return text
    .replace(/0x[0-9a-fA-F]{64,}/g, "0x…")
    .replace(/0x[0-9a-fA-F]{40}/g, "0x…")
    .replace(/\b[1-9A-HJ-NP-Za-km-z]{32,88}\b/g, "…")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT")
    .replace(/\b\d{7,}\b/g, "N")
    .slice(0, 300);
}

export function toPublishedResult({
  report,
  implementation,
  subject,
  family = "eip155",
}: ToPublishedResultParameters): PublishedResult {
  return {
    implementation,
    subject,
    target: report.target,
    family,
    suiteVersion: report.version,
    spec: report.spec,
    cases: [...report.cases]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((c) => {
        const said = c.message ?? [...c.warnings, ...c.observations].join("; ");
        return { id: c.id, level: c.level, status: c.status, ...(said ? { detail: mask(said) } : {}) };
      }),
  };
}
