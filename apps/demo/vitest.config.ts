import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  // One module graph per worker rather than one per file (`isolate: false`): re-importing viem, zod and the
  // workspace's sources for every file cost more CPU than the tests. The files leave no global state behind
  // (timers, spies and env stubs restored; servers, chains and processes stopped).
  test: { testTimeout: 60_000, hookTimeout: 60_000, isolate: false },
});
