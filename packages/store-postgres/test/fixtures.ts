import { randomUUID } from "node:crypto";
import type { SettlementRecord } from "@x402kit/core";
import { afterAll, beforeAll } from "vitest";
import { type CreatePostgresStoreParameters, createPostgresStore, type PostgresStore } from "../src/index.js";
import { type StartTestPostgresReturnType, startTestPostgres } from "../src/testing/index.js";

/**
 * One PostgreSQL server per test file. `openInstances(n)` opens n stores on one fresh schema, each with its own
 * pool: n facilitator instances sharing a database.
 */
export function usePostgres() {
  let server: StartTestPostgresReturnType | undefined;
  const opened: PostgresStore[] = [];

  beforeAll(async () => {
    server = await startTestPostgres();
    console.info(`PostgreSQL ready in ${server.startupMs} ms (external: ${server.external})`);
  });
  afterAll(async () => {
    await Promise.allSettled(opened.map((store) => store.close()));
    await server?.stop();
  });

  return {
    get connectionString(): string {
      if (server === undefined) throw new Error("usePostgres: the server is not started yet");
      return server.connectionString;
    },
    /** A schema name no other test uses (the server may be an external, shared one). */
    freshSchema: () => `t_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
    async openInstances(
      count: number,
      options: Omit<CreatePostgresStoreParameters, "connectionString" | "pool"> = {},
    ): Promise<PostgresStore[]> {
      const schema = options.schema ?? `t_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
      const stores: PostgresStore[] = [];
      // One after the other here; the migration test opens them at once on purpose.
      for (let i = 0; i < count; i++) {
        const store = await createPostgresStore({
          ...options,
          connectionString: this.connectionString,
          schema,
          instanceId: options.instanceId ?? `instance-${i}`,
        });
        opened.push(store);
        stores.push(store);
      }
      return stores;
    },
    track(store: PostgresStore): PostgresStore {
      opened.push(store);
      return store;
    },
  };
}

/** A settlement record as the facilitator claims it, with realistic payload and requirements. */
export function settlementRecord(overrides: Partial<SettlementRecord> = {}): SettlementRecord {
  const requirements = {
    scheme: "exact",
    network: "eip155:31337",
    amount: "1000",
    asset: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    payTo: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    maxTimeoutSeconds: 60,
    extra: { name: "USD Coin", version: "2" },
  };
  const now = Date.now();
  return {
    key: `exact:eip155:31337:0xpayer:${randomUUID()}`,
    state: "settling",
    network: "eip155:31337",
    payer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    acknowledged: false,
    payload: {
      x402Version: 2,
      accepted: requirements,
      payload: {
        signature: "0xabc123",
        authorization: {
          from: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
          to: requirements.payTo,
          value: "1000",
          validAfter: "0",
          validBefore: "9999999999",
          nonce: `0x${"11".repeat(32)}`,
        },
      },
    },
    requirements,
    owner: "instance-0",
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
