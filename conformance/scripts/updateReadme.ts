/**
 * Writes the generated parts of conformance/README.md: the list of cases (from the case files) and the results table
 * (from the published results in results/), and the side-by-side report results/side-by-side.{md,html}.
 * `pnpm --filter @x402kit/conformance readme`; a test fails when any of them is out of date.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { loadCases } from "../src/cases/loadCases.js";
import { formatCaseList } from "../src/docs/formatCaseList.js";
import {
  formatResultsTable,
  formatSideBySideHtml,
  formatSideBySideMarkdown,
} from "../src/docs/formatSideBySide.js";
import { readPublishedResults } from "../src/docs/readPublishedResults.js";
import { replaceMarkedBlock } from "../src/docs/replaceMarkedBlock.js";

const readme = new URL("../README.md", import.meta.url);
const resultsDirectory = fileURLToPath(new URL("../results", import.meta.url));
const results = await readPublishedResults(resultsDirectory);
const text = await readFile(readme, "utf8");
const next = replaceMarkedBlock(
  replaceMarkedBlock(text, "cases", formatCaseList(await loadCases())),
  "results",
  formatResultsTable(results),
);
if (next !== text) await writeFile(readme, next);
await writeFile(new URL("../results/side-by-side.md", import.meta.url), formatSideBySideMarkdown(results));
await writeFile(new URL("../results/side-by-side.html", import.meta.url), formatSideBySideHtml(results));
console.log(next === text ? "README.md is up to date" : "README.md updated");
