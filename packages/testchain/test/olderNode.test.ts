import { execFileSync, spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** A `node` on PATH older than 22 (these machines have Node 20 in the shell; pnpm runs scripts on 22). */
const olderNode = (process.env["PATH"] ?? "")
  .split(delimiter)
  .map((dir) => join(dir, "node"))
  .find((candidate) => {
    try {
      const version = execFileSync(candidate, ["--version"], { encoding: "utf8" });
      return Number(version.slice(1).split(".")[0]) < 22;
    } catch {
      return false;
    }
  });

const fixture = fileURLToPath(new URL("./fixtures/startOnOlderNode.mts", import.meta.url));

describe.skipIf(olderNode === undefined)(`on an older Node (${olderNode})`, () => {
  it("startTestChain refuses at once and says what to install", () => {
    const run = spawnSync(olderNode!, ["--import", "tsx", "--conditions=source", fixture], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stdout, run.stderr).toMatch(
      /^TestChainError: Hardhat needs Node\.js 22 or newer, this is v\d+\.\d+\.\d+: install Node 22 \(for example `nvm install 22`\)/,
    );
  });
});
