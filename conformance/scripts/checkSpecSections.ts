/**
 * Checks the spec catalogue (src/spec/specSections.ts) against a checkout of the spec repository at `specCommit`:
 *   pnpm exec tsx scripts/checkSpecSections.ts /path/to/x402   (the directory that holds specs/)
 * Every section's line must hold its title. Run it when the pinned commit changes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { specCommit, specSections } from "../src/spec/specSections.js";

const root = process.argv[2];
if (!root) {
  console.error("usage: tsx scripts/checkSpecSections.ts <directory holding specs/>");
  process.exit(2);
}
let wrong = 0;
for (const [id, { file, line, title }] of Object.entries(specSections)) {
  const text = readFileSync(join(root, "specs", file), "utf8").split("\n")[line - 1] ?? "";
  if (!text.includes(title)) {
    wrong++;
    console.error(`${id}: ${file}:${line} reads ${JSON.stringify(text)}, not ${JSON.stringify(title)}`);
  }
}
console.log(
  `${Object.keys(specSections).length - wrong} of ${Object.keys(specSections).length} sections match (pinned ${specCommit})`,
);
process.exit(wrong === 0 ? 0 : 1);
