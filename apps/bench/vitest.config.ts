import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const packages = fileURLToPath(new URL("../../packages/", import.meta.url));

export default defineConfig({
  // The workspace's packages from their sources, through aliases rather than the "source" condition: the MCP SDK's
  // dependency eventsource-parser (for the mcp scenario) publishes a "source" export of TypeScript, which Node then
  // refuses to load. Subpath imports (`@x402kit/server/express`) resolve to the packages' builds.
  resolve: {
    alias: [
      { find: /^@x402kit\/contracts$/, replacement: `${packages}../contracts/src/index.ts` },
      { find: /^@x402kit\/(?!contracts$)([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
    ],
  },
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
