import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Report } from "../types.js";
import { formatJunitXml } from "./formatJunitXml.js";

export type WriteReportsParameters = { report: Report; directory: string };
export type WriteReportsReturnType = { json: string; junit: string };

/**
 * Writes `x402-conformance-<target>.json` and `x402-conformance-<target>.junit.xml` into `directory` (created when
 * missing).
 */
export async function writeReports({
  report,
  directory,
}: WriteReportsParameters): Promise<WriteReportsReturnType> {
  await mkdir(directory, { recursive: true });
  const json = path.join(directory, `x402-conformance-${report.target}.json`);
  const junit = path.join(directory, `x402-conformance-${report.target}.junit.xml`);
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(junit, formatJunitXml(report));
  return { json, junit };
}
