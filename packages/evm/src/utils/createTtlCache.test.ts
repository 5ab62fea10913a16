import { describe, expect, it } from "vitest";
import { createTtlCache } from "./createTtlCache.js";

describe("createTtlCache", () => {
  it("shares one load among concurrent callers and reloads after the ttl", async () => {
    let clock = 0;
    let loads = 0;
    const cache = createTtlCache<number>({ ttlMs: 100, now: () => clock });
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
    clock = 99;
    expect(await cache.get("a", load)).toBe(1);
    clock = 100;
    expect(await cache.get("a", load)).toBe(2);
    expect(await cache.get("b", load)).toBe(3);
  });

  it("does not keep a failed load", async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000 });
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => "up")).toBe("up");
  });

  it("drops the oldest entry beyond maxEntries", async () => {
    let loads = 0;
    const cache = createTtlCache<number>({ ttlMs: 1_000, maxEntries: 2 });
    const load = async () => ++loads;
    await cache.get("a", load);
    await cache.get("b", load);
    await cache.get("c", load);
    expect(await cache.get("b", load)).toBe(2);
    expect(await cache.get("a", load)).toBe(4);
  });
});
