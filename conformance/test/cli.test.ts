import { describe, expect, it } from "vitest";
import { ConformanceError, parseCliArguments, parseResultLine } from "../src/index.js";

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
  ])("refuses %j", (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(ConformanceError);
    expect(() => parseCliArguments(argv)).toThrow(message);
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
