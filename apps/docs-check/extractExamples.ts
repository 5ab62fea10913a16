/**
 * Every TypeScript example in the packages' READMEs, written out as a module of its own in the package's
 * `.readme-examples/` (git-ignored), and `tsconfig.examples.json` (git-ignored) written beside this script, so that
 * `tsc -p tsconfig.examples.json` checks them against the packages' sources: an example resolves other libraries
 * as its package does, and every `@x402kit/*` entry point (any package, no list to keep) through `paths` to the
 * file of its "source" export condition.
 * every name a README imports exists, and a complete example typechecks as written. A block whose info string says
 * `fragment` (```ts fragment) is a piece of a larger program: only its imports of x402kit's packages are checked.
 * Relative imports resolve from the README's directory, or from `dir=<path>` in the info string (```ts dir=src/x),
 * for an example that shows a file of the package itself.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const packageDirectories = [
  ...readdirSync(path.join(root, "packages")).map((name) => `packages/${name}`),
  "contracts",
  "conformance",
];
const readmes = ["README.md", ...packageDirectories.map((directory) => `${directory}/README.md`)];

/** The imports of x402kit's packages in a block (each may span lines), for a fragment. */
const packageImportsOf = (code: string) =>
  (code.match(/^import[\s\S]*?from\s+"[^"]+";/gm) ?? []).filter((line) => line.includes('from "@x402kit/'));

/** `from "./x.js"` -> `from "/abs/dir/x.js"`: relative imports resolve from `base`. */
const anchorRelativeImports = (code: string, base: string) =>
  code.replace(
    /(from\s+")(\.{1,2}\/[^"]+)"/g,
    (_, from: string, specifier: string) => `${from}${path.resolve(base, specifier)}"`,
  );

let written = 0;
for (const readme of readmes) {
  const out = path.join(root, path.dirname(readme), ".readme-examples");
  rmSync(out, { recursive: true, force: true });
  let text: string;
  try {
    text = readFileSync(path.join(root, readme), "utf8");
  } catch {
    continue;
  }
  const blocks = [...text.matchAll(/^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm)];
  for (const [index, block] of blocks.entries()) {
    const [, , info = "", code = ""] = block;
    const fragment = /(^|\s)fragment(\s|$)/.test(info);
    const base = path.resolve(
      path.dirname(path.join(root, readme)),
      /(?:^|\s)dir=(\S+)/.exec(info)?.[1] ?? ".",
    );
    const line = text.slice(0, block.index).split("\n").length;
    const body = fragment ? packageImportsOf(code).join("\n") : anchorRelativeImports(code, base);
    const name = `README-${index + 1}.ts`;
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, name),
      `// ${readme}:${line}${fragment ? " (fragment: imports only)" : ""}\n${body}\nexport {};\n`,
    );
    written++;
  }
}
// Every workspace package's entry points, by their "source" condition, so that an example may import any of them.
const paths: Record<string, string[]> = {};
for (const directory of packageDirectories) {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, directory, "package.json"), "utf8"));
    for (const [entry, conditions] of Object.entries(manifest.exports ?? {}) as [
      string,
      { source?: string },
    ][])
      if (conditions.source)
        paths[path.posix.join(manifest.name, entry)] = [
          path.posix.join("../..", directory, conditions.source),
        ];
  } catch {}
}
const tsconfig = {
  extends: "../../tsconfig.base.json",
  compilerOptions: { customConditions: ["source"], noEmit: true, noUnusedLocals: false, paths },
  include: [
    "../../.readme-examples/*.ts",
    ...packageDirectories.map((d) => `../../${d}/.readme-examples/*.ts`),
  ],
};
writeFileSync(
  fileURLToPath(new URL("./tsconfig.examples.json", import.meta.url)),
  `${JSON.stringify(tsconfig, null, 2)}\n`,
);
console.log(`${written} README examples written to .readme-examples/ of their packages`);
