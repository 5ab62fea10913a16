/**
 * Packs every publishable workspace package (not private) into one directory, as npm would publish it, and writes
 * `overrides.json` there: each package name mapped to its tarball (`file:...`), for the `pnpm.overrides` (or npm
 * `overrides`) of a project that installs the tarballs, so that their dependencies on each other resolve to the
 * tarballs too and never to the registry.
 *
 *   pnpm pack:all [directory]     (default: ./packs; build first: pnpm build)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A packed package: its tarball and the files in it. */
export type PackedPackage = { name: string; version: string; tarball: string; files: string[] };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The pnpm that runs this script (`pnpm pack:all`), else the one on PATH. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a root script, not a turbo task
const execPath = process.env["npm_execpath"];
export const pnpm = execPath?.includes("pnpm") ? [process.execPath, execPath] : ["pnpm"];

/** The workspace's publishable packages: every `packages/*`, `contracts` and `conformance` that is not private. */
export function publishablePackages(): { name: string; version: string; directory: string }[] {
  const directories = [
    ...readdirSync(path.join(root, "packages")).map((name) => path.join(root, "packages", name)),
    path.join(root, "contracts"),
    path.join(root, "conformance"),
  ];
  return directories.flatMap((directory) => {
    try {
      const manifest = JSON.parse(readFileSync(path.join(directory, "package.json"), "utf8"));
      return manifest.private ? [] : [{ name: manifest.name, version: manifest.version, directory }];
    } catch {
      return [];
    }
  });
}

/** Packs each publishable package into `directory`; returns where each tarball went. */
export function packAll(directory: string): PackedPackage[] {
  mkdirSync(directory, { recursive: true });
  const packed = publishablePackages().map(({ name, version, directory: packageDirectory }) => {
    const output = execFileSync(
      pnpm[0]!,
      [...pnpm.slice(1), "pack", "--pack-destination", directory, "--json"],
      {
        cwd: packageDirectory,
        encoding: "utf8",
      },
    );
    const { filename, files } = JSON.parse(output) as { filename: string; files: { path: string }[] };
    return { name, version, tarball: filename, files: files.map((f) => f.path) };
  });
  const overrides = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  writeFileSync(path.join(directory, "overrides.json"), `${JSON.stringify(overrides, null, 2)}\n`);
  return packed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const directory = path.resolve(process.argv[2] ?? "packs");
  for (const { tarball } of packAll(directory)) console.log(tarball);
  console.log(
    `${path.join(directory, "overrides.json")}: the pnpm.overrides for a project that installs them`,
  );
}
