import { describe, expect, it } from "vitest";
import { measure } from "./measure.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("measure", () => {
  it("runs every index once, at most `concurrency` at a time", async () => {
    const seen: number[] = [];
    let running = 0;
    let peak = 0;
    const result = await measure({
      name: "t",
      concurrency: 4,
      count: 20,
      run: async (index) => {
        running++;
        peak = Math.max(peak, running);
        seen.push(index);
        await sleep(2);
        running--;
      },
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(4);
    expect(result).toMatchObject({ name: "t", concurrency: 4, count: 20, successes: 20, failures: 0 });
    expect(result.median).toBeGreaterThanOrEqual(1);
    expect(result.p99).toBeGreaterThanOrEqual(result.median!);
    expect(result.throughput).toBeGreaterThan(0);
  });

  it("counts thrown errors and `false` as failures and groups their messages", async () => {
    const result = await measure({
      name: "f",
      concurrency: 2,
      count: 6,
      run: async (index) => {
        if (index % 3 === 0) throw new Error("boom");
        if (index % 3 === 1) return false;
        return true;
      },
    });
    expect(result.successes).toBe(2);
    expect(result.failures).toBe(4);
    expect(result.errors).toEqual([
      { message: "boom", count: 2 },
      { message: "returned false", count: 2 },
    ]);
  });

  it("keeps failure messages on one line", async () => {
    const result = await measure({
      name: "l",
      concurrency: 1,
      count: 1,
      run: async () => {
        throw new Error("first line\n\n  second line");
      },
    });
    expect(result.errors).toEqual([{ message: "first line second line", count: 1 }]);
  });

  it("reports null latencies when nothing succeeded", async () => {
    const result = await measure({ name: "n", concurrency: 1, count: 2, run: async () => false });
    expect(result).toMatchObject({ successes: 0, failures: 2, median: null, p99: null, throughput: 0 });
  });
});
