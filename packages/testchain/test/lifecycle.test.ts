import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startTestChain } from "../src/index.js";
import { isAlive, waitForExit } from "./utils/isAlive.js";

const fixture = fileURLToPath(new URL("./fixtures/startAndLeave.ts", import.meta.url));

/** Runs the fixture in a separate Node process; resolves once it printed the chain's pid. */
async function startAndLeave(how: "exit" | "throw" | "wait") {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", fixture, how], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout });
  const pid = await new Promise<number>((resolve, reject) => {
    lines.once("line", (line) => resolve((JSON.parse(line) as { pid: number }).pid));
    child.once("exit", (code) => reject(new Error(`fixture exited (${code}) before printing: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) =>
    child.exitCode !== null ? resolve() : child.once("exit", () => resolve()),
  );
  return { child, pid, exited };
}

describe("stopping", () => {
  it("stop() leaves no process, and is idempotent", async () => {
    const chain = await startTestChain({ buyers: 1 });
    const pid = chain.pid!;
    expect(isAlive(pid)).toBe(true);
    await Promise.all([chain.stop(), chain.stop()]);
    expect(isAlive(pid)).toBe(false);
    await chain.stop();
    await expect(chain.publicClient.getChainId()).rejects.toThrow();
  });

  it("supports Symbol.asyncDispose", async () => {
    const chain = await startTestChain({ buyers: 1 });
    await chain[Symbol.asyncDispose]();
    expect(isAlive(chain.pid!)).toBe(false);
  });

  it("runs two chains at once on different ports with separate state", async () => {
    const [a, b] = await Promise.all([startTestChain({ buyers: 1 }), startTestChain({ buyers: 1 })]);
    try {
      expect(a.rpcUrl).not.toBe(b.rpcUrl);
      expect(a.pid).not.toBe(b.pid);
      await a.mint(a.accounts.seller.address, 9n);
      expect(await a.balanceOf(a.usdc.address, a.accounts.seller.address)).toBe(9n);
      expect(await b.balanceOf(b.usdc.address, b.accounts.seller.address)).toBe(0n);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(isAlive(a.pid!) || isAlive(b.pid!)).toBe(false);
  });
});

// Five Node processes at once, each compiling the fixture with tsx and starting a hardhat node: on a loaded machine
// (`pnpm test` runs packages side by side) that alone can take most of a minute, so each test may take two.
describe.concurrent("no orphans when the parent goes away without stop()", { timeout: 120_000 }, () => {
  it("kills the node when the parent calls process.exit", async () => {
    const { pid, exited } = await startAndLeave("exit");
    await exited;
    expect(await waitForExit(pid)).toBe(true);
  });

  it("kills the node when the parent dies of an uncaught exception", async () => {
    const { pid, exited } = await startAndLeave("throw");
    await exited;
    expect(await waitForExit(pid)).toBe(true);
  });

  it("kills the node when the parent gets SIGTERM", async () => {
    const { child, pid, exited } = await startAndLeave("wait");
    expect(isAlive(pid)).toBe(true);
    child.kill("SIGTERM");
    await exited;
    expect(child.signalCode).toBe("SIGTERM"); // default behaviour kept: the parent still terminates
    expect(await waitForExit(pid)).toBe(true);
  });

  it("kills the node when the parent gets SIGINT", async () => {
    const { child, pid, exited } = await startAndLeave("wait");
    child.kill("SIGINT");
    await exited;
    expect(await waitForExit(pid)).toBe(true);
  });

  it("the node exits by itself when the parent is SIGKILLed (no handler can run)", async () => {
    const { child, pid, exited } = await startAndLeave("wait");
    child.kill("SIGKILL");
    await exited;
    expect(await waitForExit(pid, 5_000)).toBe(true);
  });
});
