import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  // Two test files at a time (vitest's default on two cores is one): the files mostly wait on their own chains,
  // child processes and loopback servers (free ports, own temp directories), not on the CPU.
  // One module graph per worker rather than one per file (`isolate: false`): re-importing viem, zod and the
  // workspace's sources for every file cost more CPU than the tests. The files leave no global state behind
  // (timers, spies and env stubs restored; servers, chains and processes stopped).
  test: { testTimeout: 60_000, hookTimeout: 60_000, maxWorkers: 2, isolate: false },
});
