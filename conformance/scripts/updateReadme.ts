/**
 * Writes the generated parts of conformance/README.md: the list of cases (from the case files) and the results
 * side by side (from the JSON reports in results/). `pnpm --filter @x402kit/conformance readme`; a test fails
 * when the README is out of date.
 */
import { readFile, writeFile } from "node:fs/promises";
import { loadCases } from "../src/cases/loadCases.js";
import { formatCaseList } from "../src/docs/formatCaseList.js";
import { replaceMarkedBlock } from "../src/docs/replaceMarkedBlock.js";

const readme = new URL("../README.md", import.meta.url);
const text = await readFile(readme, "utf8");
const next = replaceMarkedBlock(text, "cases", formatCaseList(await loadCases()));
if (next !== text) await writeFile(readme, next);
console.log(next === text ? "README.md is up to date" : "README.md updated");
