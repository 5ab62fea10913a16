import { randomUUID } from "node:crypto";
import { type StartTestPostgresReturnType, startTestPostgres } from "@x402kit/store-postgres/testing";
import { deriveTestAccounts, startTestChain, type TestChain } from "@x402kit/testchain";
import { parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeploymentFigures, formatFigures, measureDeployment } from "./measureDeployment.js";

// Paid-request load at concurrency 64 with 1-second blocks: one facilitator process on SQLite, then three on one
// PostgreSQL, each leasing its own signer from a pool of five. CI keeps the count modest; for larger runs:
// `pnpm --filter @x402kit/facilitator-cli scale-out --requests 1024`.
const requests = Number(process.env.X402KIT_SCALE_REQUESTS ?? 128);
const concurrency = 64;

describe("scale-out: three facilitator processes on one PostgreSQL", () => {
  let chain: TestChain;
  let postgres: StartTestPostgresReturnType;
  const signers = deriveTestAccounts({ from: 60, count: 6 });
  const payees = deriveTestAccounts({ from: 80, count: 2 });
  const figures: DeploymentFigures[] = [];

  beforeAll(async () => {
    [chain, postgres] = await Promise.all([
      startTestChain({ intervalMiningMs: 1_000, buyers: 8 }),
      startTestPostgres(),
    ]);
    for (const { address } of signers)
      await chain.testClient.setBalance({ address, value: parseEther("1000") });
  });
  afterAll(async () => {
    if (figures.length > 0)
      console.info(`\nPaid requests, concurrency ${concurrency}, 1 s blocks:\n${formatFigures(figures)}\n`);
    await chain?.stop();
    await postgres?.stop();
  });

  const expectClean = (row: DeploymentFigures) => {
    expect(row.failureReasons).toEqual({});
    expect(row.successes).toBe(requests);
    expect(row.doubleTransfers).toBe(0);
    expect(row.transfers).toBe(requests);
    expect(row.reconciled).toBe(true);
  };

  it("one process on SQLite: every paid request settles once", async () => {
    const row = await measureDeployment({
      label: "1 x CLI, SQLite",
      chain,
      store: "sqlite",
      instances: 1,
      signers: signers.slice(0, 1),
      buyers: chain.accounts.buyers,
      payTo: payees[0]!.address,
      requests,
      concurrency,
    });
    figures.push(row);
    expectClean(row);
    expect(row.signersUsed).toBe(1);
  });

  it("three processes on PostgreSQL, each with its own leased signer: zero failures, zero double transfers", async () => {
    const row = await measureDeployment({
      label: "3 x CLI, PostgreSQL",
      chain,
      store: {
        postgres: postgres.connectionString,
        schema: `scale_${randomUUID().replaceAll("-", "").slice(0, 12)}`,
      },
      instances: 3,
      signers: signers.slice(1, 6),
      buyers: chain.accounts.buyers,
      payTo: payees[1]!.address,
      requests,
      concurrency,
    });
    figures.push(row);
    expectClean(row);
    expect(row.signersUsed).toBe(3);
  });
});
