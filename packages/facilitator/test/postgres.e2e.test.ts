import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { exactEvmClient, exactEvmFacilitator } from "@x402kit/evm";
import { createPostgresStore, type PostgresStore } from "@x402kit/store-postgres";
import { type StartTestPostgresReturnType, startTestPostgres } from "@x402kit/store-postgres/testing";
import { deriveTestAccounts, startTestChain, type TestAccount, type TestChain } from "@x402kit/testchain";
import type { FacilitatorRequest, PaymentRequirements } from "@x402kit/types";
import { pino } from "pino";
import { type Hex, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFacilitator, type Facilitator } from "../src/facilitator/createFacilitator.js";
import { createSignerPool } from "../src/signers/createSignerPool.js";
import { expectOneDelivery } from "./expectOneDelivery.js";

describe("facilitator instances sharing PostgreSQL, on a Hardhat chain", () => {
  let chain: TestChain;
  let postgres: StartTestPostgresReturnType;
  const pool: TestAccount[] = deriveTestAccounts({ from: 40, count: 5 });
  const opened: Facilitator[] = [];

  beforeAll(async () => {
    [chain, postgres] = await Promise.all([startTestChain(), startTestPostgres()]);
    for (const signer of pool)
      await chain.testClient.setBalance({ address: signer.address, value: parseEther("100") });
  });
  afterAll(async () => {
    await Promise.allSettled(opened.map((facilitator) => facilitator.close()));
    await chain?.stop();
    await postgres?.stop();
  });

  /** One facilitator instance: its own connection pool to the shared schema, leasing from `accounts`. */
  async function instance(
    instanceId: string,
    schema: string,
    accounts: TestAccount[],
    options: { leaseTtlMs?: number; acquireTimeoutMs?: number } = {},
  ): Promise<Facilitator> {
    const store = await createPostgresStore({
      connectionString: postgres.connectionString,
      schema,
      instanceId,
    });
    const signerPool = createSignerPool({ accounts: accounts.map(({ account }) => account), ...options });
    const facilitator = createFacilitator({
      schemes: [
        exactEvmFacilitator({
          networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: signerPool.signer } },
          nonceStore: store,
          pollingIntervalMs: 50,
        }),
      ],
      store,
      signerPool,
      instanceId,
      logger: pino({ level: "silent" }),
    });
    opened.push(facilitator);
    return facilitator;
  }
  const freshSchema = () => `e2e_${randomUUID().replaceAll("-", "").slice(0, 12)}`;

  async function pay(buyer: number, amount: string): Promise<FacilitatorRequest> {
    const requirements: PaymentRequirements = {
      scheme: "exact",
      network: chain.network,
      amount,
      asset: chain.usdc.address,
      payTo: chain.accounts.seller.address,
      maxTimeoutSeconds: 120,
      extra: { name: chain.usdc.name, version: chain.usdc.version },
    };
    const { payload } = await exactEvmClient({
      account: chain.accounts.buyers[buyer]!.account,
    }).createPaymentPayload({ requirements });
    return {
      x402Version: 2,
      paymentPayload: { x402Version: 2, accepted: requirements, payload },
      paymentRequirements: requirements,
    };
  }
  const sentBy = async (accounts: TestAccount[]) =>
    (
      await Promise.all(accounts.map(({ address }) => chain.publicClient.getTransactionCount({ address })))
    ).reduce((sum, count) => sum + count, 0);

  it("leases each instance its own account, and gives a third none while both live", async () => {
    const schema = freshSchema();
    const accounts = pool.slice(0, 2);
    const [a, b] = [await instance("a", schema, accounts), await instance("b", schema, accounts)];
    await Promise.all([a.recover(), b.recover()]);
    const leased = [a.signerPool!.current(), b.signerPool!.current()];
    expect([...leased].sort()).toEqual(accounts.map(({ address }) => address).sort());
    expect((await a.supported()).signers).toEqual({ "eip155:*": [leased[0]] });
    expect(await b.health()).toMatchObject({ ok: true, signer: { ok: true, account: leased[1] } });

    const c = await instance("c", schema, accounts, { acquireTimeoutMs: 300 });
    await expect(c.recover()).rejects.toMatchObject({ code: "signer_unavailable" });
    expect(await c.settle(await pay(0, "1000"))).toMatchObject({
      success: false,
      errorReason: "unexpected_settle_error",
      errorMessage: expect.stringMatching(/No signer account is leased/),
    });
    expect(await c.health()).toMatchObject({ ok: false, signer: { ok: false } });

    // A clean stop gives the account back: c gets it at once.
    await a.close();
    await c.recover();
    expect(c.signerPool!.current()).toBe(leased[0]);
  });

  it("settles one authorization once across two instances: at once, on both, and again later", async () => {
    const schema = freshSchema();
    const accounts = pool.slice(2, 4);
    const [a, b] = [await instance("a", schema, accounts), await instance("b", schema, accounts)];
    await Promise.all([a.recover(), b.recover()]);
    const body = await pay(1, "4000");
    const seller = chain.accounts.seller.address;
    const [balance, sent] = [await chain.balanceOf(chain.usdc.address, seller), await sentBy(accounts)];

    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).settle(body)));
    const duplicate = expectOneDelivery(answers);

    const later = await Promise.all([a.settle(body), b.settle(body)]);
    for (const answer of later) expect(answer).toMatchObject(duplicate);
    expect((await chain.balanceOf(chain.usdc.address, seller)) - balance).toBe(4_000n);
    expect((await sentBy(accounts)) - sent).toBe(1);
  });

  it("stops signing with an account whose lease was taken over, and leases another", async () => {
    const schema = freshSchema();
    const accounts = pool.slice(0, 3);
    // A short lease, so that the takeover is noticed within a second (renewed every ttl/3); not shorter: on a loaded
    // machine a renewal that takes longer than the margin pauses signing, and the settle below would find no signer.
    const a = await instance("a", schema, accounts, { leaseTtlMs: 3_000 });
    await a.recover();
    const first = a.signerPool!.current()!;
    expect(first).toBe(accounts[0]!.address);

    // Another party takes the account (a forced release, then a lease of its own).
    const thief: PostgresStore = await createPostgresStore({
      connectionString: postgres.connectionString,
      schema,
      instanceId: "thief",
    });
    try {
      expect(await thief.releaseSignerLease({ owner: "a", account: first })).toBe(true);
      expect(await thief.acquireSignerLease({ accounts: [first], ttlMs: 60_000 })).toBe(first);
      const deadline = Date.now() + 15_000;
      while (a.signerPool!.current() === first && Date.now() < deadline) await sleep(20);
      expect(a.signerPool!.current()).not.toBe(first);
      while (a.signerPool!.current() === undefined && Date.now() < deadline) await sleep(20);
      const second = a.signerPool!.current();
      expect(second).toBe(accounts[1]!.address);

      const answer = await a.settle(await pay(2, "1500"));
      expect(answer).toMatchObject({ success: true });
      const transaction = await chain.publicClient.getTransaction({ hash: answer.transaction as Hex });
      expect(transaction.from.toLowerCase()).toBe(second!.toLowerCase());
    } finally {
      await thief.close();
    }
  });
});
