import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const packages = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  // The workspace's packages from their sources. Not with the "source" condition, as the other packages do: the MCP
  // SDK's dependency eventsource-parser publishes a "source" export of TypeScript, which Node then refuses to load.
  resolve: {
    alias: [
      { find: /^@x402kit\/contracts$/, replacement: `${packages}../contracts/src/index.ts` },
      { find: /^@x402kit\/(?!contracts$)([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
    ],
  },
  // One module graph per worker rather than one per file (`isolate: false`): re-importing viem, zod and the
  // workspace's sources for every file cost more CPU than the tests. The files leave no global state behind
  // (timers, spies and env stubs restored; servers, chains and processes stopped).
  test: { testTimeout: 60_000, hookTimeout: 60_000, isolate: false },
});
