import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

/**
 * With `BENCH_CPU_PROF=<dir>`, starts a V8 CPU profile of the calling thread (main thread or worker); with
 * `BENCH_HEAP_PROF=<dir>`, a sampling heap profile of every allocation (those the GC took back included). The
 * returned `stop(name)` writes `<dir>/<name>.cpuprofile` and `.heapprofile` (a figure's name, with every run of
 * characters a file name should not hold made one `-`). Without either, both are no-ops. Used
 * around the closed loop of a figure, so that the profile holds that figure's work alone.
 */
export async function profileThread(): Promise<{ stop(name: string): Promise<void> }> {
  const cpuDir = process.env.BENCH_CPU_PROF;
  const heapDir = process.env.BENCH_HEAP_PROF;
  if (!cpuDir && !heapDir) return { stop: async () => {} };
  const session = new Session();
  session.connect();
  if (cpuDir) {
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  if (heapDir) {
    await session.post("HeapProfiler.enable");
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 8192,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return {
    async stop(figureName) {
      const name = figureName.replaceAll(/[^\w=.-]+/g, "-");
      if (cpuDir) {
        const { profile } = await session.post("Profiler.stop");
        writeFileSync(join(cpuDir, `${name}.cpuprofile`), JSON.stringify(profile));
      }
      if (heapDir) {
        const { profile } = await session.post("HeapProfiler.stopSampling");
        writeFileSync(join(heapDir, `${name}.heapprofile`), JSON.stringify(profile));
      }
      session.disconnect();
    },
  };
}
