import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  // The targets' files mostly wait on child processes, chains and loopback HTTP: two files at a time even on two
  // cores (vitest's default there is one), so that the slow client targets overlap the others.
  // One module graph per worker rather than one per file (`isolate: false`): re-importing viem, zod and the
  // workspace's sources for every file cost more CPU than the tests. The files leave no global state behind
  // (timers, spies and env stubs restored; servers, chains and processes stopped).
  test: { testTimeout: 60_000, hookTimeout: 60_000, maxWorkers: 2, isolate: false },
});
