import { describe, expect, it } from "vitest";
import type { Implementation, ImplementationName } from "../adapters/types.js";
import { runSideBySide } from "./runSideBySide.js";
import type { Participant, ScenarioContext } from "./types.js";

const participant = (name: ImplementationName): Participant => ({
  implementation: { name } as Implementation,
  facilitatorKey: "0x01",
  buyerKey: "0x02",
  buyerAddress: "0x03",
});

const context = (lines: string[]): ScenarioContext =>
  ({
    participants: [participant("x402kit"), participant("reference")],
    memory: {},
    log: (line: string) => lines.push(line),
  }) as unknown as ScenarioContext;

const measurement = (name: string) => ({
  name,
  concurrency: 1,
  count: 1,
  successes: 1,
  failures: 0,
  median: 1,
  p99: 1,
  throughput: 1,
  durationMs: 1,
  errors: [],
});

const figures = ["a", "b"].map((name) => ({
  scenario: "verify" as const,
  name,
  parameters: { concurrency: 1 },
}));

describe("runSideBySide", () => {
  it("takes each figure for every implementation before the next, alternating who goes first, and tears every session down", async () => {
    const calls: string[] = [];
    const rows = await runSideBySide(context([]), {
      figures,
      setup: async (p) => {
        calls.push(`setup ${p.implementation.name}`);
        return p.implementation.name;
      },
      beforeFigure: async (figure) => {
        calls.push(`before ${figure.name}`);
      },
      run: async (session, figure) => {
        calls.push(`run ${session} ${figure.name}`);
        return measurement(figure.name);
      },
      teardown: async (session) => {
        calls.push(`teardown ${session}`);
      },
    });
    expect(calls).toEqual([
      "setup x402kit",
      "setup reference",
      "before a",
      "run x402kit a",
      "run reference a",
      "before b",
      "run reference b",
      "run x402kit b",
      "teardown x402kit",
      "teardown reference",
    ]);
    expect(rows.map((row) => `${row.implementation} ${row.name}`)).toEqual([
      "x402kit a",
      "reference a",
      "reference b",
      "x402kit b",
    ]);
  });

  it("gives a failed setup's error to every figure of that implementation; a failed figure only to itself", async () => {
    const lines: string[] = [];
    const torn: string[] = [];
    const rows = await runSideBySide(context(lines), {
      figures,
      setup: async (p) => {
        if (p.implementation.name === "reference") throw new Error("no facilitator");
        return "x";
      },
      run: async (_session, figure) => {
        if (figure.name === "b") throw new Error("boom");
        return measurement(figure.name);
      },
      teardown: async (session) => {
        torn.push(session);
      },
    });
    const results = Object.fromEntries(rows.map((row) => [`${row.implementation} ${row.name}`, row.result]));
    expect(results["x402kit a"]).toMatchObject({ successes: 1 });
    expect(results["x402kit b"]).toEqual({ error: "Error: boom" });
    expect(results["reference a"]).toEqual({ error: "Error: no facilitator" });
    expect(results["reference b"]).toEqual({ error: "Error: no facilitator" });
    expect(torn).toEqual(["x"]);
    expect(lines).toContain("  reference: setup failed: Error: no facilitator");
  });
});
