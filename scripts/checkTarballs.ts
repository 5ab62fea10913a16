/**
 * CI (.ci/run): packs every publishable package as npm would publish it, installs the tarballs into a scratch
 * project outside the workspace (scripts/consumer/), and runs it there: one paid request on a local chain (ESM),
 * a require() of each package (CommonJS), and tsc on both against the published types; the facilitator command run
 * from the project's node_modules/.bin (a paid request through it, a clean stop, what it says when a configuration
 * asks for a package that is not installed, and its refusal of an older Node). Also checks that no tarball holds a
 * test and that the facilitator and its command install without PostgreSQL or upto. Run after `pnpm build`:
 *
 *   pnpm check:tarballs        (keeps nothing; X402KIT_KEEP_CONSUMER=1 keeps the scratch project)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { packAll, pnpm } from "./packAll.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const versionOf = (manifest: string, name: string) => {
  const json = JSON.parse(readFileSync(path.join(root, manifest), "utf8"));
  const version = json.dependencies?.[name] ?? json.devDependencies?.[name];
  if (!version) throw new Error(`${manifest} names no version of ${name}`);
  return version as string;
};
const step = (message: string) => console.log(`check-tarballs: ${message}`);
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

const scratch = mkdtempSync(path.join(tmpdir(), "x402kit-consumer-"));
try {
  step(`packing into ${scratch}/packs`);
  const packed = packAll(path.join(scratch, "packs"));
  const withTests = packed.flatMap((p) =>
    p.files
      .filter((f) => /\.test\.[cm]?[jt]s$|(^|\/)(test|tests|__tests__)\//.test(f))
      .map((f) => `${p.name}: ${f}`),
  );
  if (withTests.length > 0) throw new Error(`tarballs hold tests:\n${withTests.join("\n")}`);
  step(`${packed.length} tarballs, no test in any`);

  const consumer = path.join(scratch, "consumer");
  execFileSync("mkdir", ["-p", consumer]);
  for (const file of ["app.ts", "require.cts", "tsconfig.json"])
    copyFileSync(path.join(here, "consumer", file), path.join(consumer, file));
  const tarball = (name: string) => `file:${packed.find((p) => p.name === name)!.tarball}`;
  const manifest = {
    name: "x402kit-consumer",
    private: true,
    type: "module",
    dependencies: {
      "@x402kit/client": tarball("@x402kit/client"),
      "@x402kit/core": tarball("@x402kit/core"),
      "@x402kit/evm": tarball("@x402kit/evm"),
      "@x402kit/facilitator": tarball("@x402kit/facilitator"),
      "@x402kit/facilitator-cli": tarball("@x402kit/facilitator-cli"),
      "@x402kit/server": tarball("@x402kit/server"),
      "@x402kit/testchain": tarball("@x402kit/testchain"),
      "@x402kit/types": tarball("@x402kit/types"),
      "@hono/node-server": versionOf("apps/demo/package.json", "@hono/node-server"),
      hono: versionOf("apps/demo/package.json", "hono"),
      viem: versionOf("apps/demo/package.json", "viem"),
    },
    devDependencies: {
      "@types/node": versionOf("package.json", "@types/node"),
      typescript: versionOf("package.json", "typescript"),
    },
    // The tarballs depend on each other by version (0.1.0), which no registry has yet: each resolves to its file.
    pnpm: { overrides: JSON.parse(readFileSync(path.join(scratch, "packs", "overrides.json"), "utf8")) },
  };
  writeFileSync(path.join(consumer, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  step("installing the tarballs into a scratch project");
  run(
    pnpm[0]!,
    [...pnpm.slice(1), "install", "--ignore-workspace", "--config.confirmModulesPurge=false"],
    consumer,
  );

  // Neither the facilitator library nor its command brings PostgreSQL's driver or the upto scheme (optional peers of
  // the command, loaded when a configuration asks for them).
  for (const absent of ["pg", "@x402kit/store-postgres", "@x402kit/upto-evm"]) {
    const modules = path.join(consumer, "node_modules", ".pnpm");
    const found = execFileSync("ls", [modules], { encoding: "utf8" })
      .split("\n")
      .some((entry) => entry.startsWith(`${absent.replace("/", "+")}@`));
    if (found) throw new Error(`installing @x402kit/facilitator and its command brought ${absent}`);
  }
  step("installed without pg, @x402kit/store-postgres or @x402kit/upto-evm");

  run(path.join(consumer, "node_modules", ".bin", "tsc"), ["-p", "."], consumer);
  step("tsc: the published types check (ESM and CommonJS)");
  step(run(process.execPath, ["require.cts"], consumer).trim());
  // The app prints each result on a line of its own, "paid: {...}" or "cli: {...}" (logs run around them), and which
  // secp256k1 backend signs ("secp256k1: js" or "native"). First without the optional peer `secp256k1`, then with it
  // (its prebuilt binary loads at runtime; pnpm runs no install script for it).
  const runApp = (backend: "js" | "native") => {
    // Without the NODE_PATH that `pnpm run` sets: it reaches the workspace's modules, which a consumer never sees.
    const { NODE_PATH: _, ...env } = process.env;
    const output = execFileSync(process.execPath, ["app.ts"], {
      cwd: consumer,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (!output.includes(`secp256k1: ${backend}\n`))
      throw new Error(`the consumer app did not sign with the ${backend} secp256k1 backend:\n${output}`);
    const results = output.split("\n").filter((l) => /^(paid|cli): /.test(l));
    if (results.filter((l) => l.startsWith("paid: ")).length !== 2)
      throw new Error(`the consumer app did not report two paid requests:\n${output}`);
    for (const line of results) {
      const [kind, json] = [line.slice(0, line.indexOf(":")), JSON.parse(line.slice(line.indexOf(":") + 2))];
      if (kind === "paid")
        step(
          `paid request (${backend} secp256k1): ${json.status}, transaction ${json.receipt?.transaction}, seller got ${json.seller}`,
        );
      else step(`x402kit-facilitator: ${JSON.stringify(json)}`);
    }
  };
  runApp("js");
  run(
    pnpm[0]!,
    [
      ...pnpm.slice(1),
      "add",
      `secp256k1@${versionOf("packages/evm/package.json", "secp256k1")}`,
      "--ignore-workspace",
      "--config.confirmModulesPurge=false",
    ],
    consumer,
  );
  runApp("native");

  // The command on a Node older than 22.12 (the shell's Node on these machines is 20): advice, at once.
  const olderNode = (process.env["PATH"] ?? "")
    .split(path.delimiter)
    .map((dir) => path.join(dir, "node"))
    .find((candidate) => {
      try {
        return (
          Number(execFileSync(candidate, ["--version"], { encoding: "utf8" }).slice(1).split(".")[0]) < 22
        );
      } catch {
        return false;
      }
    });
  if (olderNode) {
    const bin = path.join(
      consumer,
      "node_modules",
      "@x402kit",
      "facilitator-cli",
      "bin",
      "x402kit-facilitator.js",
    );
    const old = spawnSync(olderNode, [bin, "--help"], { encoding: "utf8", timeout: 30_000 });
    if (old.status !== 1 || !/needs Node\.js 22\.12 or newer/.test(old.stderr))
      throw new Error(`x402kit-facilitator on ${olderNode}: exit ${old.status}\n${old.stderr}${old.stdout}`);
    step(`x402kit-facilitator on an older Node: exit 1, "${old.stderr.split("\n")[0]}"`);
  } else step("no Node older than 22 on PATH: the older-Node refusal was not tried");
  if (!existsSync(consumer)) throw new Error("the scratch project vanished");
} finally {
  if (process.env["X402KIT_KEEP_CONSUMER"]) step(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
