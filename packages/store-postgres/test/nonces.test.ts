import { describe, expect, it, vi } from "vitest";
import { PostgresStoreError } from "../src/index.js";
import { usePostgres } from "./fixtures.js";

const postgres = usePostgres();
const account = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

describe("nonces", () => {
  it("reads the chain once, then counts up", async () => {
    const [store] = await postgres.openInstances(1);
    const chainNonce = vi.fn(async () => 7);
    const reserved = [];
    for (let i = 0; i < 4; i++) reserved.push(await store!.reserveNonce(account, 31337, chainNonce));
    expect(reserved).toEqual([7, 8, 9, 10]);
    expect(chainNonce).toHaveBeenCalledTimes(1);
  });

  it("hands out 100 consecutive, distinct nonces to concurrent callers on two instances", async () => {
    const [a, b] = await postgres.openInstances(2);
    const chainNonce = vi.fn(async () => 42);
    const reserved = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a! : b!).reserveNonce(account, 31337, chainNonce)),
    );
    expect([...reserved].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => 42 + i));
    // Callers that found no row read the chain; once the row exists nobody does.
    const calls = chainNonce.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(1);
    await a!.reserveNonce(account, 31337, chainNonce);
    expect(chainNonce).toHaveBeenCalledTimes(calls);
  });

  it("re-reads the chain after a reset, even when the chain is behind the store", async () => {
    const [a, b] = await postgres.openInstances(2);
    expect(await a!.reserveNonce(account, 31337, async () => 10)).toBe(10);
    expect(await a!.reserveNonce(account, 31337, async () => 10)).toBe(11);
    await b!.resetNonce(account, 31337);
    // Nonce 11 was never mined: after the reset the chain's pending nonce counts again.
    expect(await a!.reserveNonce(account, 31337, async () => 11)).toBe(11);
    expect(await b!.reserveNonce(account, 31337, async () => 0)).toBe(12);
  });

  it("keeps accounts and chains apart", async () => {
    const [store] = await postgres.openInstances(1);
    expect(await store!.reserveNonce(account, 1, async () => 5)).toBe(5);
    expect(await store!.reserveNonce(account, 8453, async () => 100)).toBe(100);
    expect(await store!.reserveNonce("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", 1, async () => 0)).toBe(0);
    expect(await store!.reserveNonce(account, 1, async () => 5)).toBe(6);
  });

  it("passes the chain's error through and stores nothing", async () => {
    const [store] = await postgres.openInstances(1);
    const rpcDown = new Error("rpc down");
    await expect(store!.reserveNonce(account, 31337, () => Promise.reject(rpcDown))).rejects.toBe(rpcDown);
    expect(await store!.reserveNonce(account, 31337, async () => 3)).toBe(3);
  });

  it("refuses a chain nonce that is not a count", async () => {
    const [store] = await postgres.openInstances(1);
    const error = await store!.reserveNonce(account, 31337, async () => -1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresStoreError);
    expect((error as PostgresStoreError).code).toBe("store_invalid_argument");
  });
});
