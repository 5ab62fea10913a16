import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  // The targets' files mostly wait on child processes, chains and loopback HTTP: two files at a time even on two
  // cores (vitest's default there is one), so that the slow client targets overlap the others.
  test: { testTimeout: 60_000, hookTimeout: 60_000, maxWorkers: 2 },
});
