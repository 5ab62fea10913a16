import { platform } from "node:os";
import { describe, expect, it } from "vitest";
import { processCpuMs } from "./processCpuMs.js";

describe.runIf(platform() === "linux")("processCpuMs", () => {
  it("reads this process's CPU time, which grows with work, and nothing for a process that is not there", () => {
    const before = processCpuMs(process.pid)!;
    const started = process.cpuUsage();
    // Busy for about 50 ms of CPU (two clock ticks at least).
    while (process.cpuUsage(started).user < 50_000) Math.sqrt(Math.random());
    const after = processCpuMs(process.pid)!;
    expect(before).toBeGreaterThan(0);
    expect(after - before).toBeGreaterThanOrEqual(20);
    expect(processCpuMs(2 ** 22 + 1)).toBeUndefined();
  });
});
