import { setTimeout as sleep } from "node:timers/promises";
import { createMemoryStore, type FacilitatorStore, type SignerLeaseStore } from "@x402kit/core";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it, vi } from "vitest";
import { FacilitatorSignerError } from "../errors/FacilitatorSignerError.js";
import { createSignerPool, type StartSignerPoolParameters } from "./createSignerPool.js";

const accounts = ["11", "22", "33"].map((byte) => privateKeyToAccount(`0x${byte.repeat(32)}`));
const [first, second, third] = accounts.map((account) => account.address);
const transaction = {
  chainId: 31337,
  nonce: 0,
  to: first!,
  gas: 21_000n,
  maxFeePerGas: 1n,
  maxPriorityFeePerGas: 1n,
  type: "eip1559",
} as const;

/** A lease store in memory, with the PostgreSQL store's rules for free, own and expired leases. */
function leaseStore() {
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const failures = { renew: false };
  const store: FacilitatorStore & SignerLeaseStore = {
    ...createMemoryStore(),
    async acquireSignerLease({ owner = "store", accounts: wanted, ttlMs }) {
      const own = wanted.find((account) => leases.get(account)?.owner === owner);
      const free = wanted.find((account) => {
        const lease = leases.get(account);
        return lease === undefined || lease.expiresAt <= Date.now();
      });
      const account = own ?? free;
      if (account !== undefined) leases.set(account, { owner, expiresAt: Date.now() + ttlMs });
      return account;
    },
    async renewSignerLease({ owner = "store", account, ttlMs }) {
      if (failures.renew) throw new Error("database down");
      const lease = leases.get(account);
      if (lease?.owner !== owner) return false;
      lease.expiresAt = Date.now() + ttlMs;
      return true;
    },
    async releaseSignerLease({ owner = "store", account }) {
      if (leases.get(account)?.owner !== owner) return false;
      return leases.delete(account);
    },
  };
  return { store, leases, failures };
}

const startWith = (
  store: FacilitatorStore,
  owner: string,
  overrides: Partial<StartSignerPoolParameters> = {},
): StartSignerPoolParameters => ({
  store,
  owner,
  resolvePending: async () => undefined,
  idle: async () => undefined,
  logger: pino({ level: "silent" }),
  ...overrides,
});

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(10);
  }
}

describe("createSignerPool", () => {
  it("signs with the first account on a store that cannot lease (one process)", async () => {
    const pool = createSignerPool({ accounts });
    expect(pool.current()).toBeUndefined();
    await expect(pool.signer.signTransaction(transaction)).rejects.toBeInstanceOf(FacilitatorSignerError);
    const warn = vi.fn();
    const logger = pino({ level: "silent" });
    logger.warn = warn as never;
    expect(await pool.start(startWith(createMemoryStore(), "a", { logger }))).toBe(first);
    expect(warn).toHaveBeenCalledOnce();
    expect(pool.signer.address).toBe(first);
    expect(await pool.signer.signTransaction(transaction)).toBe(
      await accounts[0]!.signTransaction(transaction),
    );
    expect(pool.status()).toMatchObject({ account: first, leased: false });
  });

  it("leases each owner its own account and signs with it", async () => {
    const { store, leases } = leaseStore();
    const [a, b] = [createSignerPool({ accounts }), createSignerPool({ accounts })];
    expect(await a.start(startWith(store, "a"))).toBe(first);
    expect(await b.start(startWith(store, "b"))).toBe(second);
    expect(b.signer.address).toBe(second);
    expect(await b.signer.signTransaction(transaction)).toBe(await accounts[1]!.signTransaction(transaction));
    expect(b.status()).toMatchObject({ account: second, leased: true, validForMs: expect.any(Number) });
    await a.stop({ release: true });
    await b.stop({ release: false });
    expect([...leases.keys()]).toEqual([second]);
    expect(a.current()).toBeUndefined();
  });

  it("gives up after acquireTimeoutMs when every account is leased", async () => {
    const { store } = leaseStore();
    await createSignerPool({ accounts: accounts.slice(0, 1) }).start(startWith(store, "a"));
    const late = createSignerPool({ accounts: accounts.slice(0, 1), acquireTimeoutMs: 100 });
    await expect(late.start(startWith(store, "b"))).rejects.toMatchObject({ code: "signer_unavailable" });
  });

  it("stops signing at once when its lease is taken over, and leases another once idle", async () => {
    const { store, leases } = leaseStore();
    const pool = createSignerPool({ accounts, leaseTtlMs: 300 });
    let settle!: () => void;
    const idle = vi.fn(() => new Promise<void>((resolve) => (settle = resolve)));
    await pool.start(startWith(store, "a", { idle }));
    leases.set(first!, { owner: "thief", expiresAt: Date.now() + 60_000 });
    await until(() => pool.current() === undefined);
    await expect(pool.signer.signTransaction(transaction)).rejects.toMatchObject({
      code: "signer_unavailable",
    });
    await until(() => idle.mock.calls.length === 1);
    await sleep(50);
    expect(pool.current()).toBeUndefined(); // not before the settlements in flight are done
    settle();
    await until(() => pool.current() !== undefined);
    expect(pool.current()).toBe(second);
    expect(pool.signer.address).toBe(second);
    await pool.stop();
  });

  it("keeps signing through a failed renewal only while the lease is surely valid", async () => {
    const { store, failures } = leaseStore();
    const pool = createSignerPool({ accounts, leaseTtlMs: 300 });
    await pool.start(startWith(store, "a"));
    failures.renew = true;
    expect(pool.current()).toBe(first);
    await until(() => pool.current() === undefined, 1_000);
    failures.renew = false;
    await until(() => pool.current() === first, 1_000);
    await pool.stop({ release: true });
  });

  it("refuses a bad configuration", () => {
    for (const parameters of [
      { accounts: [] },
      { accounts: [accounts[0]!, accounts[0]!] },
      { accounts, leaseTtlMs: 10 },
      { accounts: [{ address: third }] },
    ])
      expect(() => createSignerPool(parameters as never)).toThrow(
        expect.objectContaining({ code: "invalid_config" }),
      );
  });
});
