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
let elsewhere = 0;
for (const [id, section] of Object.entries(specSections)) {
  // A section pinned to its own repository and commit (linked by anchor) is not in this checkout.
  if (!("line" in section)) {
    elsewhere++;
    continue;
  }
  const { file, line, title } = section;
  const text = readFileSync(join(root, "specs", file), "utf8").split("\n")[line - 1] ?? "";
  if (!text.includes(title)) {
    wrong++;
    console.error(`${id}: ${file}:${line} reads ${JSON.stringify(text)}, not ${JSON.stringify(title)}`);
  }
}
const checked = Object.keys(specSections).length - elsewhere;
console.log(
  `${checked - wrong} of ${checked} sections match (pinned ${specCommit}); ${elsewhere} pinned elsewhere, not checked`,
);
process.exit(wrong === 0 ? 0 : 1);
