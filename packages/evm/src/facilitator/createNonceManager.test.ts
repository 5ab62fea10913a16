import type { NonceStore } from "@x402kit/core";
import { describe, expect, it, vi } from "vitest";
import { createNonceManager } from "./createNonceManager.js";

const key = { account: "0xAbC0000000000000000000000000000000000001", chainId: 31337 };
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createNonceManager", () => {
  it("reads the chain's pending nonce once, then counts up", async () => {
    const chainNonce = vi.fn(async () => 7);
    const manager = createNonceManager();
    expect(await manager.reserve({ ...key, chainNonce })).toBe(7);
    expect(await manager.reserve({ ...key, chainNonce })).toBe(8);
    expect(chainNonce).toHaveBeenCalledTimes(1);
  });

  it("gives concurrent callers consecutive nonces, even when the chain read is slow", async () => {
    const chainNonce = vi.fn(async () => {
      await delay(20);
      return 3;
    });
    const manager = createNonceManager();
    const nonces = await Promise.all(
      Array.from({ length: 20 }, () => manager.reserve({ ...key, chainNonce })),
    );
    expect(nonces).toEqual(Array.from({ length: 20 }, (_, i) => 3 + i));
    expect(chainNonce).toHaveBeenCalledTimes(1);
  });

  it("keeps accounts and chains apart, case-insensitively", async () => {
    const manager = createNonceManager();
    const chainNonce = async () => 0;
    await manager.reserve({ ...key, chainNonce });
    expect(await manager.reserve({ ...key, account: key.account.toLowerCase(), chainNonce })).toBe(1);
    expect(await manager.reserve({ ...key, chainId: 1, chainNonce })).toBe(0);
    expect(await manager.reserve({ ...key, account: "0x2", chainNonce })).toBe(0);
  });

  it("re-reads the chain after a reset", async () => {
    let onChain = 0;
    const manager = createNonceManager();
    const chainNonce = async () => onChain;
    expect(await manager.reserve({ ...key, chainNonce })).toBe(0);
    onChain = 5;
    await manager.reset(key);
    expect(await manager.reserve({ ...key, chainNonce })).toBe(5);
  });

  it("runs withNonce callers one at a time, in reservation order", async () => {
    const manager = createNonceManager();
    const events: string[] = [];
    await Promise.all(
      [30, 0, 10].map((ms) =>
        manager.withNonce({ ...key, chainNonce: async () => 0 }, async (nonce) => {
          events.push(`start ${nonce}`);
          await delay(ms);
          events.push(`end ${nonce}`);
        }),
      ),
    );
    expect(events).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
  });

  it("releases the lock when a caller throws", async () => {
    const manager = createNonceManager();
    const chainNonce = async () => 0;
    await expect(
      manager.withNonce({ ...key, chainNonce }, async () => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    expect(await manager.reserve({ ...key, chainNonce })).toBe(1);
  });

  it("delegates to a given store", async () => {
    const store: NonceStore = { reserveNonce: vi.fn(async () => 42), resetNonce: vi.fn(async () => {}) };
    const manager = createNonceManager({ store });
    expect(await manager.reserve({ ...key, chainNonce: async () => 0 })).toBe(42);
    await manager.reset(key);
    expect(store.resetNonce).toHaveBeenCalledWith(key.account, key.chainId);
  });

  it("reserves a round's nonces in one store write, and one at a time from a store without reserveNonces", async () => {
    const chainNonce = async () => 4;
    const rounds = createNonceManager();
    expect(await rounds.withNonces({ ...key, chainNonce, count: 3 }, async (nonces) => nonces)).toEqual([
      4, 5, 6,
    ]);
    expect(await rounds.reserve({ ...key, chainNonce })).toBe(7);

    let next = 20;
    const store: NonceStore = { reserveNonce: vi.fn(async () => next++), resetNonce: vi.fn(async () => {}) };
    const single = createNonceManager({ store });
    expect(await single.withNonces({ ...key, chainNonce, count: 3 }, async (nonces) => nonces)).toEqual([
      20, 21, 22,
    ]);
    expect(store.reserveNonce).toHaveBeenCalledTimes(3);
  });

  it("passes the reservation's durability to the store, durable unless the caller asks for committed", async () => {
    const store: NonceStore = {
      reserveNonce: vi.fn(async () => 1),
      reserveNonces: vi.fn(async () => 10),
      resetNonce: vi.fn(async () => {}),
    };
    const manager = createNonceManager({ store });
    const chainNonce = async () => 0;
    await manager.reserve({ ...key, chainNonce });
    await manager.withNonces({ ...key, chainNonce, count: 2, durability: "committed" }, async () => {});
    expect(vi.mocked(store.reserveNonces!).mock.calls.map((call) => call[4])).toEqual([
      { durability: undefined },
      { durability: "committed" },
    ]);
  });

  it("holds the lock across a round: a reservation asked meanwhile gets the nonce after it", async () => {
    const manager = createNonceManager();
    const chainNonce = async () => 0;
    const events: string[] = [];
    await Promise.all([
      manager.withNonces({ ...key, chainNonce, count: 2 }, async (nonces) => {
        await delay(20);
        events.push(`round ${nonces.join(",")}`);
      }),
      manager.reserve({ ...key, chainNonce }).then((nonce) => events.push(`single ${nonce}`)),
    ]);
    expect(events).toEqual(["round 0,1", "single 2"]);
  });
});
