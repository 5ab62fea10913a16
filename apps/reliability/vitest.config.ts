import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  // Two test files at a time (vitest's default on two cores is one): the files mostly wait on their own chains,
  // child processes and loopback servers (free ports, own temp directories), not on the CPU.
  test: { testTimeout: 60_000, hookTimeout: 60_000, maxWorkers: 2 },
});
