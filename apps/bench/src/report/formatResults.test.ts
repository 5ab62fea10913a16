import { describe, expect, it } from "vitest";
import type { BenchResults } from "./benchResultsSchema.js";
import { formatResults } from "./formatResults.js";

const measurement = {
  name: "paid automine c=8",
  concurrency: 8,
  count: 10,
  successes: 8,
  failures: 2,
  median: 12.3456,
  p99: 40,
  throughput: 55.5,
  durationMs: 200,
  errors: [{ message: "HTTP 402 nonce too low", count: 2 }],
};

const results: BenchResults = {
  schema: "x402kit-bench/1",
  mode: "quick",
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 1000,
  machine: {
    nproc: 2,
    cpuModel: "CPU",
    totalMemoryGb: 4,
    freeMemoryGb: 2,
    node: "v22",
    platform: "linux",
    cpuProbe: [
      { scenario: "paid", usPerHash: 21.5 },
      { scenario: "end", usPerHash: 30.25 },
    ],
  },
  implementations: { x402kit: { version: "workspace 0.1.0" }, reference: { version: "@x402/* 2.27.0" } },
  figures: [
    {
      scenario: "paid",
      name: "paid automine c=8",
      parameters: { concurrency: 8 },
      results: {
        x402kit: { ...measurement, failures: 0, errors: [] },
        reference: {
          ...measurement,
          balances: { expected: "8000", buyerPaid: "9000", payToReceived: "9000", exact: false },
        },
      },
      ratio: { throughput: 1, median: 1 },
    },
  ],
  overhead: { x402kit: { bareMedian: 0.5, unpaidMedian: 0.7, overheadMedian: 0.2 } },
  memory: { reference: { idleRssMb: 100, peakRssVerifyMb: 120, peakRssPaidMb: null } },
  targets: [{ id: "t", description: "d", target: "< 1 ms", value: 0.2, met: true, note: "ok" }],
};

describe("formatResults", () => {
  it("prints the figures side by side, the overhead, memory, targets and every failure", () => {
    const text = formatResults(results);
    expect(text).toMatch(
      /paid automine c=8\s+12\.35\s+40\.00\s+55\.5\s+0\s+12\.35\s+40\.00\s+55\.5\s+2 \(bal!\)/,
    );
    expect(text).toMatch(/x402kit\s+0\.500\s+0\.700\s+0\.200/);
    expect(text).toMatch(/reference\s+100\.0\s+120\.0\s+-/);
    expect(text).toMatch(/t\s+< 1 ms\s+0\.20\s+yes\s+ok/);
    expect(text).toContain("reference paid automine c=8: 2x HTTP 402 nonce too low");
    expect(text).toContain(
      "CPU probe (µs per keccak256, lower is faster): 21.5 to 30.25 (paid 21.5, end 30.25)",
    );
    expect(text).toContain("balances moved 9000 (buyer) / 9000 (payee), expected 8000");
  });
});
