import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import { PostgresStoreError } from "../src/index.js";
import { settlementRecord, usePostgres } from "./fixtures.js";

const postgres = usePostgres();
const [X, Y, Z] = [
  "0xaaaa000000000000000000000000000000000001",
  "0xaaaa0000000000000000000000000000000002",
  "0xaaaa03",
];
const accounts = [X!, Y!, Z!];
const long = 60_000;
const short = 250;

describe("signer leases", () => {
  it("leases the first free account, and the same one again to its owner", async () => {
    const [a] = await postgres.openInstances(1);
    expect(await a!.acquireSignerLease({ accounts, ttlMs: long })).toBe(X);
    // The default owner is the store's instanceId; asking again renews rather than taking a second account.
    expect(await a!.acquireSignerLease({ owner: a!.instanceId, accounts, ttlMs: long })).toBe(X);
    expect(await a!.acquireSignerLease({ accounts: [Y!, X!], ttlMs: long })).toBe(X);
  });

  it("never gives one account to two live owners", async () => {
    const [a, b] = await postgres.openInstances(2);
    expect(await a!.acquireSignerLease({ accounts: [X!], ttlMs: long })).toBe(X);
    expect(await b!.acquireSignerLease({ accounts: [X!], ttlMs: long })).toBeUndefined();
    expect(await b!.acquireSignerLease({ accounts: [X!, Y!], ttlMs: long })).toBe(Y);
  });

  it("shares a pool of three among six concurrent instances: three get distinct accounts", async () => {
    const [a, b] = await postgres.openInstances(2);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? a! : b!).acquireSignerLease({ owner: `owner-${i}`, accounts, ttlMs: long }),
      ),
    );
    const leased = results.filter((account) => account !== undefined);
    expect([...leased].sort()).toEqual([...accounts].sort());
  });

  it("renews only for the owner, and releases to the next instance", async () => {
    const [a, b] = await postgres.openInstances(2);
    await a!.acquireSignerLease({ accounts: [X!], ttlMs: long });
    expect(await a!.renewSignerLease({ account: X!, ttlMs: long })).toBe(true);
    expect(await b!.renewSignerLease({ account: X!, ttlMs: long })).toBe(false);
    expect(await b!.releaseSignerLease({ account: X! })).toBe(false);
    expect(await a!.releaseSignerLease({ account: X! })).toBe(true);
    expect(await b!.acquireSignerLease({ accounts: [X!], ttlMs: long })).toBe(X);
    expect(await a!.renewSignerLease({ account: X!, ttlMs: long })).toBe(false);
  });

  it("hands an expired lease over, and forgets the account's nonces", async () => {
    const [a, b] = await postgres.openInstances(2);
    expect(await a!.acquireSignerLease({ accounts: [X!], ttlMs: short })).toBe(X);
    expect(await b!.acquireSignerLease({ accounts: [X!], ttlMs: long })).toBeUndefined();
    expect(await a!.reserveNonce(X!, 31337, async () => 5)).toBe(5);
    expect(await a!.reserveNonce(X!, 31337, async () => 5)).toBe(6); // reserved, never sent: a gap if kept
    await sleep(short + 100);
    expect(await b!.acquireSignerLease({ accounts: [X!], ttlMs: long })).toBe(X);
    expect(await a!.renewSignerLease({ account: X!, ttlMs: long })).toBe(false);
    const chainNonce = vi.fn(async () => 6);
    expect(await b!.reserveNonce(X!, 31337, chainNonce)).toBe(6);
    expect(chainNonce).toHaveBeenCalledOnce();
  });

  it("takes over a dead owner's account only after its pending settlements are resolved", async () => {
    const [a, b] = await postgres.openInstances(2);
    expect(await a!.acquireSignerLease({ accounts: [X!], ttlMs: short })).toBe(X);
    const pending = settlementRecord({ owner: a!.instanceId, state: "broadcast", transaction: "0xpending" });
    await a!.claimSettlement(pending);
    await sleep(short + 100); // instance a "dies": its lease runs out

    expect(await b!.acquireSignerLease({ accounts: [X!], ttlMs: long })).toBeUndefined();
    const doesNothing = vi.fn(async () => undefined);
    expect(
      await b!.acquireSignerLease({ accounts: [X!], ttlMs: long, resolvePending: doesNothing }),
    ).toBeUndefined();
    expect(doesNothing).toHaveBeenCalledWith(a!.instanceId);

    const resolvePending = vi.fn(async (previousOwner: string) => {
      for (const settlement of await b!.listUnfinishedSettlements(previousOwner)) {
        await b!.updateSettlement(settlement.key, { state: "confirmed" });
      }
    });
    expect(await b!.acquireSignerLease({ accounts: [X!], ttlMs: long, resolvePending })).toBe(X);
    expect(resolvePending).toHaveBeenCalledOnce();
    expect((await b!.getSettlement(pending.key))?.state).toBe("confirmed");
  });

  it("does not resolve the settlements of an owner that still renews another lease", async () => {
    const [a, b] = await postgres.openInstances(2);
    expect(await a!.acquireSignerLease({ accounts: [X!], ttlMs: short })).toBe(X);
    expect(await a!.acquireSignerLease({ accounts: [Y!], ttlMs: long })).toBe(Y);
    await a!.claimSettlement(settlementRecord({ owner: a!.instanceId }));
    await sleep(short + 100);
    const resolvePending = vi.fn(async () => undefined);
    expect(await b!.acquireSignerLease({ accounts: [X!], ttlMs: long, resolvePending })).toBeUndefined();
    expect(resolvePending).not.toHaveBeenCalled();
  });

  it("lets one of two instances racing for an expired lease take it, resolving once", async () => {
    const [a, b, c] = await postgres.openInstances(3);
    expect(await a!.acquireSignerLease({ accounts: [X!], ttlMs: short })).toBe(X);
    await a!.claimSettlement(settlementRecord({ owner: a!.instanceId }));
    await sleep(short + 100);
    const resolvePending = vi.fn(async (previousOwner: string) => {
      await sleep(100); // slow enough for the other instance to arrive meanwhile
      for (const settlement of await a!.listUnfinishedSettlements(previousOwner)) {
        await a!.updateSettlement(settlement.key, { state: "failed" });
      }
    });
    const results = await Promise.all([
      b!.acquireSignerLease({ accounts: [X!], ttlMs: long, resolvePending }),
      c!.acquireSignerLease({ accounts: [X!], ttlMs: long, resolvePending }),
    ]);
    expect(results.filter((account) => account === X)).toHaveLength(1);
    expect(results.filter((account) => account === undefined)).toHaveLength(1);
    expect(resolvePending).toHaveBeenCalledOnce();
  });

  it("refuses bad arguments", async () => {
    const [a] = await postgres.openInstances(1);
    for (const call of [
      () => a!.acquireSignerLease({ accounts: [], ttlMs: long }),
      () => a!.acquireSignerLease({ accounts: [X!], ttlMs: 0 }),
      () => a!.renewSignerLease({ account: "", ttlMs: long }),
      () => a!.releaseSignerLease({ account: X!, owner: "" }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PostgresStoreError);
      expect((error as PostgresStoreError).code).toBe("store_invalid_argument");
    }
  });
});
