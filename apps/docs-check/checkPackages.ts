/**
 * What every publishable package promises a user (the root README, "Using the packages"), checked for each one, new
 * ones included: `engines` says Node.js 22.12+; every export that has an `import` condition has the same file as
 * `default`, so CommonJS `require()` works (Node's require(esm)); `files` leaves tests out of the tarball; the
 * README says Node 22.12+ and ESM. Exits 1 with what to change.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const directories = [
  ...readdirSync(path.join(root, "packages")).map((name) => `packages/${name}`),
  "contracts",
  "conformance",
];
const problems: string[] = [];
let checked = 0;
for (const directory of directories) {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(path.join(root, directory, "package.json"), "utf8"));
  } catch {
    continue;
  }
  if (manifest["private"]) continue;
  checked++;
  const name = String(manifest["name"]);
  const problem = (message: string) => problems.push(`${directory} (${name}): ${message}`);
  const engines = manifest["engines"] as { node?: string } | undefined;
  if (engines?.node !== ">=22.12")
    problem(`"engines": { "node": ">=22.12" } (has ${JSON.stringify(engines?.node)})`);
  const exports = (manifest["exports"] ?? {}) as Record<string, Record<string, string> | string>;
  for (const [entry, conditions] of Object.entries(exports))
    if (
      typeof conditions === "object" &&
      conditions["import"] &&
      conditions["default"] !== conditions["import"]
    )
      problem(`exports["${entry}"] needs "default": "${conditions["import"]}" (the same file as "import")`);
  const files = (manifest["files"] ?? []) as string[];
  if (files.includes("src") && !files.includes("!src/**/*.test.ts"))
    problem(`"files" ships src/ with its tests: add "!src/**/*.test.ts"`);
  let readme = "";
  try {
    readme = readFileSync(path.join(root, directory, "README.md"), "utf8");
  } catch {
    problem("no README.md");
  }
  if (readme && !readme.includes("Node.js 22.12 or newer"))
    problem(
      'the README does not say "Node.js 22.12 or newer" and ESM (copy the note under the title of packages/core/README.md)',
    );
}
if (problems.length > 0) {
  console.error(
    `${problems.length} promise(s) to users not kept:\n${problems.map((p) => `  ${p}`).join("\n")}`,
  );
  process.exit(1);
}
console.log(
  `${checked} publishable packages: Node 22.12+, require() works, no tests in tarballs, README says so`,
);
