// tsc does not copy the plain-SQL migrations; the built store reads them from dist/migrations.
import { cpSync } from "node:fs";

cpSync(new URL("../src/migrations/", import.meta.url), new URL("../dist/migrations/", import.meta.url), {
  recursive: true,
  filter: (source) => !source.endsWith(".ts"),
});
