import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { isReplayedSettlement } from "@x402kit/core";
import { exactEvmClient } from "@x402kit/evm";
import { createPostgresStore } from "@x402kit/store-postgres";
import { type StartTestPostgresReturnType, startTestPostgres } from "@x402kit/store-postgres/testing";
import { deriveTestAccounts, startTestChain, type TestChain } from "@x402kit/testchain";
import type { PaymentRequirements, SettleResponse } from "@x402kit/types";
import { parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpawnedCli, spawnCli, waitForMempool } from "./spawnCli.js";

describe("x402kit-facilitator on PostgreSQL (CLI)", () => {
  let chain: TestChain;
  let postgres: StartTestPostgresReturnType;
  const signers = deriveTestAccounts({ from: 50, count: 4 });
  const running: SpawnedCli[] = [];
  const start = (args: string[], env: Record<string, string>) => {
    const cli = spawnCli(args, env);
    running.push(cli);
    return cli;
  };

  beforeAll(async () => {
    [chain, postgres] = await Promise.all([startTestChain(), startTestPostgres()]);
    for (const { address } of signers)
      await chain.testClient.setBalance({ address, value: parseEther("100") });
  });
  afterAll(async () => {
    for (const cli of running) if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
    await chain?.stop();
    await postgres?.stop();
  });

  /** The CLI's environment for one schema and a pool of signer keys. */
  const env = (schema: string, keys: readonly { privateKey: string }[], instanceId: string) => ({
    X402KIT_RPC_URL: chain.rpcUrl,
    X402KIT_ASSETS: chain.usdc.address,
    X402KIT_PRIVATE_KEYS: keys.map(({ privateKey }) => privateKey).join(","),
    X402KIT_STORE: `postgres:${postgres.connectionString}`,
    X402KIT_POSTGRES_SCHEMA: schema,
    X402KIT_INSTANCE_ID: instanceId,
    X402KIT_SIGNER_LEASE_MS: "2000",
    X402KIT_PORT: "0",
  });
  const freshSchema = () => `cli_${randomUUID().replaceAll("-", "").slice(0, 12)}`;

  async function payment(buyer: number, amount: string) {
    const requirements: PaymentRequirements = {
      scheme: "exact",
      network: chain.network,
      amount,
      asset: chain.usdc.address,
      payTo: chain.accounts.seller.address,
      maxTimeoutSeconds: 300,
      extra: { name: chain.usdc.name, version: chain.usdc.version },
    };
    const { payload } = await exactEvmClient({
      account: chain.accounts.buyers[buyer]!.account,
    }).createPaymentPayload({ requirements });
    const body = JSON.stringify({
      x402Version: 2,
      paymentPayload: { x402Version: 2, accepted: requirements, payload },
      paymentRequirements: requirements,
    });
    return async (url: string) =>
      (await (
        await fetch(`${url}/settle`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        })
      ).json()) as SettleResponse;
  }

  /**
   * Settles with automine off, waits until the store records the broadcast and the node holds the transaction,
   * then SIGKILLs the facilitator: sent, no receipt. Returns the transaction; automine stays off.
   */
  async function killAfterBroadcast(
    cli: SpawnedCli,
    url: string,
    settle: (url: string) => Promise<unknown>,
    schema: string,
  ) {
    const reader = await createPostgresStore({ connectionString: postgres.connectionString, schema });
    try {
      await chain.setAutomine(false);
      const lost = settle(url).catch(() => undefined);
      const deadline = Date.now() + 20_000;
      let transaction: string | undefined;
      while (!transaction && Date.now() < deadline) {
        const [record] = await reader.listUnfinishedSettlements();
        transaction = record?.state === "broadcast" ? record.transaction : undefined;
        if (!transaction) await sleep(25);
      }
      expect(transaction).toMatch(/^0x[0-9a-f]{64}$/);
      await waitForMempool(chain, transaction as `0x${string}`);
      cli.child.kill("SIGKILL");
      expect(await cli.exited).toBe("SIGKILL");
      await lost;
      return transaction!;
    } finally {
      await reader.close();
    }
  }

  it("leases each instance its own signer from the pool, reports it in /healthz, and releases it on SIGTERM", async () => {
    const schema = freshSchema();
    const pool = signers.slice(0, 2);
    const [a, b] = [start([], env(schema, pool, "a")), start([], env(schema, pool, "b"))];
    const started = await Promise.all([a, b].map((cli) => cli.waitForLog("x402kit-facilitator started")));
    expect(started.map((line) => line.signer).sort()).toEqual(pool.map(({ address }) => address).sort());
    expect(started[0]).toMatchObject({
      signers: pool.map(({ address }) => address),
      // The database by its host only: no user, no password.
      store: expect.stringMatching(/^postgres:postgres:\/\/127\.0\.0\.1:\d+ \(schema /),
    });
    const health = await (await fetch(`${started[0]!.url}/healthz`)).json();
    expect(health).toMatchObject({
      ok: true,
      instanceId: "a",
      store: { ok: true },
      checks: { "rpc eip155:31337": { ok: true } },
      signer: { ok: true, account: started[0]!.signer },
    });
    expect(a.output()).not.toContain(new URL(postgres.connectionString).password);
    for (const cli of [a, b]) cli.child.kill("SIGTERM");
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);

    const probe = await createPostgresStore({ connectionString: postgres.connectionString, schema });
    expect(
      await probe.acquireSignerLease({ owner: "probe", accounts: [pool[0]!.address], ttlMs: 1_000 }),
    ).toBe(pool[0]!.address);
    await probe.close();
  });

  it("survives SIGKILL between broadcast and receipt: restarted, it answers with the original transaction", async () => {
    const schema = freshSchema();
    const cliEnv = env(schema, signers.slice(2, 3), "crash-pg");
    const first = start([], cliEnv);
    const url = (await first.waitForLog("x402kit-facilitator started")).url as string;
    const settle = await payment(1, "7000");
    const seller = chain.accounts.seller.address;
    const before = await chain.balanceOf(chain.usdc.address, seller);
    let transaction: string;
    try {
      transaction = await killAfterBroadcast(first, url, settle, schema);
      await chain.mine();
    } finally {
      await chain.setAutomine(true);
    }

    const second = start([], cliEnv);
    expect(await second.waitForLog("recovered unfinished settlements")).toMatchObject({
      confirmed: 1,
      pending: 0,
      deleted: 0,
    });
    const restarted = (await second.waitForLog("x402kit-facilitator started")).url as string;
    const retried = await settle(restarted);
    expect(retried).toMatchObject({ success: true, transaction });
    expect(isReplayedSettlement(retried)).toBe(false);
    const again = await settle(restarted);
    expect(again).toMatchObject({
      success: false,
      errorReason: "invalid_transaction_state",
      transaction: "",
    });
    expect(again.extensions).toMatchObject({ x402kit: { replayed: true, settledIn: transaction } });
    expect((await chain.balanceOf(chain.usdc.address, seller)) - before).toBe(7_000n);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("hands a killed instance's signer to another only once its pending transaction is resolved", async () => {
    const schema = freshSchema();
    const pool = signers.slice(3, 4);
    const doomed = start([], env(schema, pool, "doomed"));
    const url = (await doomed.waitForLog("x402kit-facilitator started")).url as string;
    const settle = await payment(2, "3000");
    const seller = chain.accounts.seller.address;
    const before = await chain.balanceOf(chain.usdc.address, seller);
    let heir: SpawnedCli;
    let transaction: string;
    try {
      transaction = await killAfterBroadcast(doomed, url, settle, schema);
      // The lease runs out within two seconds, but the transaction is still in the mempool: no takeover yet.
      heir = start([], env(schema, pool, "heir"));
      await sleep(3_000);
      expect(heir.lines().some((line) => line.msg === "x402kit-facilitator started")).toBe(false);
      await chain.mine();
    } finally {
      await chain.setAutomine(true);
    }
    expect(
      await heir.waitForLog("resolved a stopped instance's settlements", {
        where: (line) => line.confirmed === 1,
      }),
    ).toMatchObject({
      previousOwner: "doomed",
      confirmed: 1,
    });
    const started = await heir.waitForLog("x402kit-facilitator started");
    expect(started.signer).toBe(pool[0]!.address);
    const retried = await settle(started.url as string);
    expect(retried).toMatchObject({ success: true, transaction });
    expect(isReplayedSettlement(retried)).toBe(false);
    expect((await chain.balanceOf(chain.usdc.address, seller)) - before).toBe(3_000n);
    heir.child.kill("SIGTERM");
    expect(await heir.exited).toBe(0);
  });
});
