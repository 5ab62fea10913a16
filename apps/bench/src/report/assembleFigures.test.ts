import { describe, expect, it } from "vitest";
import type { FigureRow } from "../scenarios/types.js";
import { assembleFigures } from "./assembleFigures.js";

const measurement = (throughput: number, median: number | null) => ({
  name: "verify c=1",
  concurrency: 1,
  count: 10,
  successes: 10,
  failures: 0,
  median,
  p99: median,
  throughput,
  durationMs: 100,
  errors: [],
});

describe("assembleFigures", () => {
  it("puts both implementations side by side with x402kit / reference ratios", () => {
    const base = { scenario: "verify", name: "verify c=1", parameters: { concurrency: 1 } } as const;
    const rows: FigureRow[] = [
      { ...base, implementation: "x402kit", result: measurement(300, 2) },
      { ...base, implementation: "reference", result: measurement(100, 8) },
    ];
    const [figure] = assembleFigures(rows);
    expect(figure?.ratio).toEqual({ throughput: 3, median: 0.25 });
    expect(Object.keys(figure!.results)).toEqual(["x402kit", "reference"]);
  });

  it("leaves the ratio null when a side failed or has nothing to divide by", () => {
    const base = { scenario: "paid", name: "paid c=32", parameters: {} } as const;
    const [failed] = assembleFigures([
      { ...base, implementation: "x402kit", result: measurement(10, 5) },
      { ...base, implementation: "reference", result: { error: "did not start" } },
    ]);
    expect(failed?.ratio).toEqual({ throughput: null, median: null });
    const [zero] = assembleFigures([
      { ...base, implementation: "x402kit", result: measurement(10, 5) },
      { ...base, implementation: "reference", result: measurement(0, null) },
    ]);
    expect(zero?.ratio).toEqual({ throughput: null, median: null });
  });
});
