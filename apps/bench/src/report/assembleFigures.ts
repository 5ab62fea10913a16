import type { FigureRow } from "../scenarios/types.js";
import type { Figure, FigureResult } from "./benchResultsSchema.js";

const ratioOf = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined || b === 0
    ? null
    : Math.round((a / b) * 100) / 100;

const numbers = (result: FigureResult | undefined) =>
  result && !("error" in result) ? { throughput: result.throughput, median: result.median } : undefined;

/**
 * Puts each implementation's result for a figure side by side, in the order the figures were first seen, with the
 * ratios x402kit / reference (throughput: higher is better for x402kit; median latency: lower is better).
 */
export function assembleFigures(rows: readonly FigureRow[]): Figure[] {
  const figures = new Map<string, Figure>();
  for (const row of rows) {
    const figure = figures.get(row.name) ?? {
      scenario: row.scenario,
      name: row.name,
      parameters: row.parameters,
      results: {},
      ratio: { throughput: null, median: null },
    };
    figure.results[row.implementation] = row.result;
    figures.set(row.name, figure);
  }
  for (const figure of figures.values()) {
    const a = numbers(figure.results.x402kit);
    const b = numbers(figure.results.reference);
    figure.ratio = {
      throughput: ratioOf(a?.throughput, b?.throughput),
      median: ratioOf(a?.median, b?.median),
    };
  }
  return [...figures.values()];
}
