import { describe, expect, it } from "vitest";
import { type BenchResults, benchResultsSchema } from "../src/report/benchResultsSchema.js";
import { formatResults } from "../src/report/formatResults.js";
import { runBench, scenarioNames } from "../src/runBench.js";

// The batched, high-throughput and MCP figures are x402kit's alone: the reference has no batch settlement, no
// signer pool and no MCP package on npm.
const measured = (results: BenchResults, implementation: "x402kit" | "reference") =>
  results.figures
    .filter(
      (figure) =>
        implementation === "x402kit" ||
        (figure.parameters.settlement !== "batch" &&
          figure.parameters.setup !== "throughput" &&
          figure.parameters.store === undefined &&
          figure.scenario !== "mcp"),
    )
    .map((figure) => ({ figure: figure.name, result: figure.results[implementation] }));

describe("pnpm bench --quick", () => {
  it("runs every scenario for both implementations, x402kit without a failure", {
    timeout: 180_000,
  }, async () => {
    // The channel and Solana scenarios have tests of their own, below.
    const selected = scenarioNames.filter((name) => name !== "channel" && name !== "svm");
    const results = await runBench({ mode: "quick", scenarios: selected });
    expect(benchResultsSchema.safeParse(results).success).toBe(true);
    expect(results.mode).toBe("quick");
    // A CPU probe before each scenario that ran, and one at the end.
    expect(results.machine.cpuProbe?.map((probe) => probe.scenario)).toEqual([...selected, "end"]);
    for (const probe of results.machine.cpuProbe ?? []) expect(probe.usPerHash).toBeGreaterThan(0);
    expect(results.implementations.x402kit?.error).toBeUndefined();
    expect(results.implementations.reference?.error).toBeUndefined();

    const scenarios = new Set(results.figures.map((figure) => figure.scenario));
    expect([...scenarios].sort()).toEqual(["createPayment", "mcp", "overhead", "paid", "scale", "verify"]);
    expect(results.figures).toHaveLength(3 + 11 + 2 + 1 + 4 + 2);

    // Both sides measured every figure (the reference may fail requests: that is its result, not the bench's).
    for (const side of ["x402kit", "reference"] as const)
      for (const { figure, result } of measured(results, side)) {
        expect(result, `${side} ${figure}`).toBeDefined();
        expect(result && "error" in result ? result.error : undefined, `${side} ${figure}`).toBeUndefined();
      }

    // x402kit: every operation succeeded, and the chain moved exactly what was paid.
    for (const { figure, result } of measured(results, "x402kit")) {
      if (!result || "error" in result) continue;
      expect({ figure, failures: result.failures, errors: result.errors }).toEqual({
        figure,
        failures: 0,
        errors: [],
      });
      if (result.balances) expect(result.balances.exact, `${figure} balances`).toBe(true);
    }
    expect(results.memory.x402kit?.peakRssVerifyMb).toBeGreaterThan(0);
    expect(results.memory.reference?.peakRssPaidMb).toBeGreaterThan(0);
    expect(results.overhead.x402kit?.overheadMedian).not.toBeNull();
    expect(results.targets.map((t) => t.id)).toContain("paid-1s-blocks-c32");
    expect(results.targets.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        "scale-c32-defaults",
        "scale-c256-high-throughput",
        "sqlite-cost-automine-c32",
      ]),
    );
    expect(formatResults(results)).toContain("scale c=256 high-throughput");
    // The scale figures' clients run in a worker: the bench's CPU comes split by thread.
    for (const side of ["x402kit", "reference"] as const) {
      const scale = results.figures.find((f) => f.name === "scale c=32")?.results[side];
      expect(scale && "cpuMsPerRequest" in scale ? scale.cpuMsPerRequest : undefined, side).toEqual(
        expect.objectContaining({ server: expect.any(Number), clients: expect.any(Number) }),
      );
    }
    expect(formatResults(results)).toContain("paid 1s blocks c=32");
    expect(results.figures.find((f) => f.name === "paid 1s blocks c=32 batched")?.results).toEqual({
      x402kit: expect.objectContaining({ failures: 0, balances: expect.objectContaining({ exact: true }) }),
    });
    // The store figures: memory, SQLite, SQLite, memory, each on its own facilitator; the target pools the rounds.
    const storeRounds = results.figures.filter((f) => f.parameters.store !== undefined);
    expect(storeRounds.map((f) => f.name)).toEqual(
      ["memory, round 1", "sqlite, round 1", "sqlite, round 2", "memory, round 2"].map(
        (round) => `paid automine c=32 ${round}`,
      ),
    );
    for (const { results: result } of storeRounds)
      expect(result).toEqual({
        x402kit: expect.objectContaining({ failures: 0, balances: expect.objectContaining({ exact: true }) }),
      });
    expect(results.targets.find((t) => t.id === "sqlite-cost-automine-c32")).toMatchObject({
      value: expect.any(Number),
      note: expect.stringContaining("2 rounds each"),
    });
    // Batch settlement: 50 payments in one transaction, every one settled and paid in full (the scenario checks).
    expect(results.gas).toMatchObject({ batchSize: 50 });
    expect(results.gas!.batchedGasPerPayment).toBeLessThan(results.gas!.singleGasPerPayment);
  });

  it("runs the batch-settlement channel figures for both implementations, balances exact", {
    timeout: 120_000,
  }, async () => {
    const results = await runBench({ mode: "quick", scenarios: ["channel"] });
    const channel = results.figures.filter((figure) => figure.scenario === "channel");
    expect(channel.map((figure) => figure.name)).toEqual([
      "channel unpaid c=1",
      "channel paid c=1",
      "channel paid 1s blocks c=32",
    ]);
    for (const side of ["x402kit", "reference"] as const) {
      for (const figure of channel)
        expect(figure.results[side], `${side} ${figure.name}`).toMatchObject({
          failures: 0,
          ...(figure.name.includes(" paid") ? { balances: expect.objectContaining({ exact: true }) } : {}),
        });
      expect(results.channels?.[side]?.overheadMedian, side).not.toBeNull();
      expect(results.channels?.[side]?.gasPerRequest, side).toBeGreaterThan(0);
    }
    expect(results.targets.map((t) => t.id)).toEqual(
      expect.arrayContaining(["channel-overhead-c1", "channel-c32", "channel-gas"]),
    );
    expect(formatResults(results)).toContain("gas per request");
  });

  it("runs exact on Solana for both implementations, on the local Solana chain, balances exact", {
    timeout: 120_000,
  }, async () => {
    const results = await runBench({ mode: "quick", scenarios: ["svm"] });
    const svm = results.figures.filter((figure) => figure.scenario === "svm");
    expect(svm.map((figure) => figure.name)).toEqual(["svm verify c=16", "svm paid c=32"]);
    // Both sides: every request succeeded; the paid figure moved exactly successes x price.
    for (const side of ["x402kit", "reference"] as const)
      for (const figure of svm)
        expect(figure.results[side], `${side} ${figure.name}`).toMatchObject({
          failures: 0,
          successes: figure.parameters.count,
          ...(figure.parameters.kind === "paid"
            ? { balances: expect.objectContaining({ exact: true }) }
            : {}),
        });
    expect(formatResults(results)).toContain("svm paid c=32");
  });
});
