import { describe, expect, it } from "vitest";
import type { Figure } from "./benchResultsSchema.js";
import { evaluateTargets } from "./evaluateTargets.js";

const measurement = (throughput: number, failures = 0) => ({
  name: "n",
  concurrency: 1,
  count: 10,
  successes: 10 - failures,
  failures,
  median: 1,
  p99: 2,
  throughput,
  durationMs: throughput > 0 ? ((10 - failures) / throughput) * 1000 : 100,
  errors: [],
});

const figure = (
  scenario: Figure["scenario"],
  parameters: Figure["parameters"],
  ours: number,
  theirs: number,
  oursFailures = 0,
): Figure => ({
  scenario,
  name: `${scenario} ${JSON.stringify(parameters)}`,
  parameters,
  results: { x402kit: measurement(ours, oursFailures), reference: measurement(theirs) },
  ratio: { throughput: theirs === 0 ? null : ours / theirs, median: 1 },
});

const byId = (targets: ReturnType<typeof evaluateTargets>) =>
  Object.fromEntries(targets.map((t) => [t.id, t]));

describe("evaluateTargets", () => {
  it("judges the SQLite store against the memory store over their rounds, x402kit's automine figures at C = 32", () => {
    const round = (store: string, round: number, throughput: number, failures = 0) =>
      figure("paid", { concurrency: 32, mining: "automine", store, round }, throughput, 0, failures);
    const judged = (sqlite: [number, number], failures = 0) =>
      byId(
        evaluateTargets({
          figures: [
            // The shared facilitator's figure is not a store round.
            figure("paid", { concurrency: 32, mining: "automine" }, 400, 10),
            round("memory", 1, 200),
            round("sqlite", 1, sqlite[0], failures),
            round("sqlite", 2, sqlite[1]),
            round("memory", 2, 200),
          ],
          overhead: {},
        }),
      )["sqlite-cost-automine-c32"];
    expect(judged([190, 190])).toMatchObject({ value: 5, met: true });
    // Pooled, not averaged: 20 successes in 40 + 66.7 ms is 187.5/s, 6.3 % below memory's 200/s.
    expect(judged([250, 150])).toMatchObject({ value: 6.3, met: true });
    expect(judged([170, 170])).toMatchObject({ value: 15, met: false });
    expect(judged([195, 195], 1)).toMatchObject({ met: false });
    expect(judged([190, 190])?.note).toContain("2 rounds each");
    expect(byId(evaluateTargets({ figures: [], overhead: {} }))["sqlite-cost-automine-c32"]).toMatchObject({
      value: null,
      met: null,
    });
  });

  it("judges each target and says why", () => {
    const targets = byId(
      evaluateTargets({
        figures: [
          figure("verify", { concurrency: 16 }, 300, 100),
          figure("paid", { concurrency: 32, mining: "interval" }, 20, 4),
        ],
        overhead: { x402kit: { bareMedian: 0.5, unpaidMedian: 0.8, overheadMedian: 0.3 } },
      }),
    );
    expect(targets["verify-throughput-c16"]).toMatchObject({ value: 3, met: true });
    expect(targets["paid-1s-blocks-c32"]).toMatchObject({ value: 5, met: false });
    expect(targets["middleware-overhead"]).toMatchObject({ value: 0.3, met: true });
    expect(targets["batch-settlement-gas"]).toMatchObject({ met: null });
  });

  it("judges batch settlement gas at 50 a batch", () => {
    const gas = (batchSize: number, savingPercent: number) =>
      byId(
        evaluateTargets({
          figures: [],
          overhead: {},
          gas: { batchSize, singleGasPerPayment: 60_000, batchedGasPerPayment: 40_000, savingPercent },
        }),
      )["batch-settlement-gas"];
    expect(gas(50, 33.3)).toMatchObject({ value: 33.3, met: true });
    expect(gas(50, 29.9)).toMatchObject({ met: false });
    expect(gas(10, 40)).toMatchObject({ met: false });
  });

  it("fails the paid target on any x402kit failure, and handles a reference that completed nothing", () => {
    const failing = byId(
      evaluateTargets({
        figures: [figure("paid", { concurrency: 32, mining: "interval" }, 50, 1, 1)],
        overhead: {},
      }),
    );
    expect(failing["paid-1s-blocks-c32"]?.met).toBe(false);
    const none = byId(
      evaluateTargets({
        figures: [figure("paid", { concurrency: 32, mining: "interval" }, 20, 0)],
        overhead: {},
      }),
    );
    expect(none["paid-1s-blocks-c32"]).toMatchObject({ value: null, met: true });
    expect(none["paid-1s-blocks-c32"]?.note).toContain("reference completed no paid request");
    expect(none["middleware-overhead"]?.met).toBeNull();
  });

  it("judges the scale rows: C = 32 against its ceiling with the defaults, C = 256 at 200/s", () => {
    const scale = (concurrency: number, setup: string, ours: number, exact = true, failures = 0): Figure => ({
      ...figure("scale", { concurrency, setup, blockMs: 1_000, mining: "interval" }, ours, 3, failures),
      results: {
        x402kit: {
          ...measurement(ours, failures),
          balances: { expected: "1", buyerPaid: "1", payToReceived: "1", exact },
        },
        ...(setup === "defaults" ? { reference: measurement(3) } : {}),
      },
    });
    const judged = (figures: Figure[]) => byId(evaluateTargets({ figures, overhead: {} }));
    const met = judged([scale(32, "defaults", 29.5), scale(256, "throughput", 212)]);
    expect(met["scale-c32-defaults"]).toMatchObject({ value: 0.92, met: true });
    expect(met["scale-c32-defaults"]?.note).toContain("reference 3/s");
    expect(met["scale-c256-high-throughput"]).toMatchObject({ value: 212, met: true });
    const missed = judged([scale(32, "defaults", 31, true, 1), scale(256, "throughput", 250, false)]);
    expect(missed["scale-c32-defaults"]?.met).toBe(false);
    expect(missed["scale-c256-high-throughput"]?.met).toBe(false);
    expect(judged([])["scale-c32-defaults"]).toMatchObject({ met: null, value: null });
  });
});
