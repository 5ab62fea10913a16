import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

/**
 * With `BENCH_CPU_PROF=<dir>`, starts a V8 CPU profile of the calling thread (main thread or worker); the returned
 * `stop(name)` writes it to `<dir>/<name>.cpuprofile`. Without it, both are no-ops. Used around the closed loop of a
 * figure, so that the profile holds that figure's work alone.
 */
export async function profileThread(): Promise<{ stop(name: string): Promise<void> }> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return { stop: async () => {} };
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop(name) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}
