// tsc does not copy the plain-SQL migrations; the built store reads them from dist/migrations. The directory is
// replaced, not merged: a migration renamed in src (renumbered after a merge) must not survive in dist under its old
// name, or the built store would apply it twice.
import { cpSync, rmSync } from "node:fs";

const target = new URL("../dist/migrations/", import.meta.url);
rmSync(target, { recursive: true, force: true });
cpSync(new URL("../src/migrations/", import.meta.url), target, {
  recursive: true,
  filter: (source) => !source.endsWith(".ts"),
});
