/**
 * Every TypeScript example in the packages' READMEs, written out as a module of its own under examples/, so that
 * `tsc -p tsconfig.examples.json` checks them against the packages (through the workspace's "source" condition):
 * every name a README imports exists, and a complete example typechecks as written. A block whose info string says
 * `fragment` (```ts fragment) is a piece of a larger program: only its imports of x402kit's packages are checked.
 * Relative imports resolve from the README's directory, or from `dir=<path>` in the info string (```ts dir=src/x),
 * for an example that shows a file of the package itself.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = fileURLToPath(new URL("./examples/", import.meta.url));
const readmes = [
  "README.md",
  ...readdirSync(path.join(root, "packages")).map((name) => `packages/${name}/README.md`),
  "contracts/README.md",
  "conformance/README.md",
];

/** The imports of x402kit's packages in a block (each may span lines), for a fragment. */
const packageImportsOf = (code: string) =>
  (code.match(/^import[\s\S]*?from\s+"[^"]+";/gm) ?? []).filter((line) => line.includes('from "@x402kit/'));

/** `from "./x.js"` -> `from "/abs/dir/x.js"`: relative imports resolve from `base`. */
const anchorRelativeImports = (code: string, base: string) =>
  code.replace(
    /(from\s+")(\.{1,2}\/[^"]+)"/g,
    (_, from: string, specifier: string) => `${from}${path.resolve(base, specifier)}"`,
  );

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let written = 0;
for (const readme of readmes) {
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
    const name = `${readme.replace(/\/README\.md$|\.md$/, "").replace(/[/.]/g, "-")}-${index + 1}.ts`;
    writeFileSync(
      path.join(out, name),
      `// ${readme}:${line}${fragment ? " (fragment: imports only)" : ""}\n${body}\nexport {};\n`,
    );
    written++;
  }
}
console.log(`${written} README examples written to examples/`);
