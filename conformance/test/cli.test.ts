import { execFileSync, spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import {
  ConformanceError,
  matchesSpecSection,
  parseCliArguments,
  parseResultLine,
  runCli,
} from "../src/index.js";

describe("parseCliArguments", () => {
  it("reads a facilitator command with filters", () => {
    const args = parseCliArguments([
      "facilitator",
      "--cmd",
      "node f.js",
      "--only",
      "facilitator.verify,facilitator.settle",
      "--json",
    ]);
    expect(args).toMatchObject({
      target: "facilitator",
      command: "node f.js",
      only: ["facilitator.verify", "facilitator.settle"],
      json: true,
    });
  });

  it("reads the --url/--rpc-url mode", () => {
    const args = parseCliArguments([
      "facilitator",
      "--url",
      "http://127.0.0.1:4021",
      "--rpc-url",
      "http://127.0.0.1:8545",
    ]);
    expect(args).toMatchObject({ url: "http://127.0.0.1:4021", rpcUrl: "http://127.0.0.1:8545" });
  });

  it.each([
    [["server"], "server needs --cmd"],
    [["facilitator", "--url", "http://127.0.0.1:1"], "--url needs --rpc-url"],
    [
      ["facilitator", "--cmd", "x", "--url", "http://127.0.0.1:1", "--rpc-url", "http://127.0.0.1:2"],
      "either --cmd or --url",
    ],
    [["wallet", "--cmd", "x"], "target"],
    [["mcp-server", "--cmd", "x", "--family", "solana"], "facilitator, server and client targets"],
    [["client", "--family", "solana"], "client needs --cmd"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(ConformanceError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });

  it("reads --strict, and --section separated by semicolons (a section may hold a comma)", () => {
    const args = parseCliArguments([
      "server",
      "--cmd",
      "x",
      "--strict",
      "--section",
      "v2 §7.1; exact-evm §1 Phase 2 (1, 4)",
      "--section",
      "http-v2 Error Handling",
    ]);
    expect(args).toMatchObject({
      strict: true,
      sections: ["v2 §7.1", "exact-evm §1 Phase 2 (1, 4)", "http-v2 Error Handling"],
    });
  });

  it("reads --family solana for the server and client targets", () => {
    for (const target of ["server", "client"])
      expect(parseCliArguments([target, "--cmd", "x", "--family", "solana"])).toMatchObject({
        target,
        family: "solana",
      });
  });

  it("lists without a target", () => {
    expect(parseCliArguments(["--list"])).toMatchObject({ list: true, target: undefined });
  });

  it("answers help", () => {
    expect(parseCliArguments([])).toBe("help");
    expect(parseCliArguments(["client", "-h"])).toBe("help");
  });
});

describe("parseResultLine", () => {
  it("reads the JSON object on the last non-empty line", () => {
    expect(parseResultLine('log line\n{"status":200}\n\n')).toEqual({ status: 200 });
  });

  it("returns undefined when the last line is not a JSON object", () => {
    expect(parseResultLine('{"status":200}\ndone')).toBeUndefined();
    expect(parseResultLine("[1,2]")).toBeUndefined();
    expect(parseResultLine("")).toBeUndefined();
  });
});

describe("matchesSpecSection", () => {
  it("selects a section, its subsections and its citations with details, not a longer number", () => {
    expect(matchesSpecSection(["v2 §7.1"], "v2 §7")).toBe(true);
    expect(matchesSpecSection(["v2 §7"], "v2 §7")).toBe(true);
    expect(matchesSpecSection(["v2 §9 (invalid_network)"], "v2 §9")).toBe(true);
    expect(matchesSpecSection(["v2 §10.1"], "v2 §1")).toBe(false);
    expect(matchesSpecSection(["exact-evm §2 Phase 3 (2)"], "exact-evm")).toBe(true);
    expect(matchesSpecSection(["exact-evm §1 Phase 2"], "exact-evm §2")).toBe(false);
  });
});

describe("x402-conformance --list", () => {
  const list = async (argv: string[]) => {
    let out = "";
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      return { code: await runCli(argv), out };
    } finally {
      write.mockRestore();
    }
  };

  it("lists every role's cases without a target, and one section's cases across roles", async () => {
    const all = await list(["--list"]);
    expect(all.code).toBe(0);
    for (const role of ["facilitator", "server", "client"])
      expect(all.out).toMatch(new RegExp(`^${role}\\.`, "m"));
    const errors = await list(["--list", "--section", "http-v2 Error Handling"]);
    const ids = errors.out
      .trim()
      .split("\n")
      .map((line) => line.split(/\s+/)[0]);
    expect(ids).toContain("server.reject.malformed-header");
    expect(ids).toContain("client.loop.no-double-payment");
    expect(ids).not.toContain("facilitator.verify.valid");
  });

  it("gives each case's links at the pinned spec commit with --json", async () => {
    const { out } = await list(["--list", "facilitator", "--only", "facilitator.verify.valid", "--json"]);
    expect(JSON.parse(out)).toEqual([
      expect.objectContaining({
        id: "facilitator.verify.valid",
        spec: [
          expect.objectContaining({ ref: "v2 §7.1", title: "7.1 POST /verify" }),
          expect.objectContaining({ ref: "v2 §5.4", title: "5.4 VerifyResponse Schema" }),
        ],
      }),
    ]);
    expect(out).toContain(
      "/blob/dd927a26cfefc98c24b3ec38b3a8f204dad0c60d/specs/x402-specification-v2.md?plain=1#L319",
    );
  });
});

describe("the x402-conformance bin on an older Node", () => {
  // The shell's `node` on these machines is 20 (pnpm runs scripts on 22): the first one on PATH older than 22.
  const olderNode = (process.env["PATH"] ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "node"))
    .find((candidate) => {
      try {
        return (
          Number(execFileSync(candidate, ["--version"], { encoding: "utf8" }).slice(1).split(".")[0]) < 22
        );
      } catch {
        return false;
      }
    });

  it.skipIf(olderNode === undefined)("exits 1 at once with what to install, before loading anything", () => {
    const bin = fileURLToPath(new URL("../bin/x402-conformance.js", import.meta.url));
    const run = spawnSync(olderNode!, [bin, "--list"], { encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^x402-conformance needs Node\.js 22\.12 or newer; this is v\d+/);
    expect(run.stderr).toContain("nvm install 22");
  });
});
