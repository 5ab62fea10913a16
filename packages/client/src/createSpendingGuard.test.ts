import { X402Error } from "@x402kit/core";
import { describe, expect, it } from "vitest";
import { createSpendingGuard } from "./createSpendingGuard.js";
import { SpendingLimitError } from "./errors/SpendingLimitError.js";

describe("createSpendingGuard", () => {
  it("reserves within the budget and reports spent and remaining", () => {
    const guard = createSpendingGuard({ maxPerRequest: 100n, budget: 250n });
    guard.reserve(100n);
    guard.reserve(100n);
    expect(guard.spent).toBe(200n);
    expect(guard.remaining).toBe(50n);
    expect(guard.check(60n)).toBe("budget");
    expect(guard.check(50n)).toBeUndefined();
    const error = (() => {
      try {
        guard.reserve(60n);
      } catch (e) {
        return e;
      }
    })() as SpendingLimitError;
    expect(error).toBeInstanceOf(SpendingLimitError);
    expect(error).toBeInstanceOf(X402Error);
    expect(error).toMatchObject({ code: "spending_limit_exceeded", limit: "budget", amount: 60n });
    expect(guard.spent).toBe(200n);
  });

  it("refuses more than the maximum per request", () => {
    const guard = createSpendingGuard({ maxPerRequest: 100n });
    expect(() => guard.reserve(101n)).toThrow(SpendingLimitError);
    expect(guard.check(101n)).toBe("max_per_request");
    expect(guard.remaining).toBeUndefined();
    guard.reserve(100n);
    expect(guard.spent).toBe(100n);
  });

  it("releases reservations, never below zero", () => {
    const guard = createSpendingGuard({ budget: 100n });
    guard.reserve(100n);
    expect(() => guard.reserve(1n)).toThrow(SpendingLimitError);
    guard.release(40n);
    expect(guard.remaining).toBe(40n);
    guard.reserve(40n);
    guard.release(1_000n);
    expect(guard.spent).toBe(0n);
    expect(guard.remaining).toBe(100n);
  });

  it("applies per-asset limits on top of the global ones, case-insensitively", () => {
    const guard = createSpendingGuard({
      budget: 1_000n,
      assets: { "0xAbC": { budget: 300n, maxPerRequest: 200n } },
    });
    guard.reserve(200n, "0xabc");
    expect(guard.check(201n, "0xABC")).toBe("max_per_request");
    expect(guard.check(150n, "0xabc")).toBe("budget");
    expect(guard.remainingOf("0xabc")).toBe(100n);
    guard.reserve(700n, "0xdef");
    expect(guard.remainingOf("0xdef")).toBe(100n);
    expect(guard.spentOf("0xABC")).toBe(200n);
    expect(guard.spent).toBe(900n);
    guard.release(200n, "0xabc");
    expect(guard.spentOf("0xabc")).toBe(0n);
    expect(guard.remainingOf("0xabc")).toBe(300n);
  });

  it("rejects a bad configuration at creation", () => {
    expect(() => createSpendingGuard({ budget: 10 as unknown as bigint })).toThrow(/budget must be/);
    expect(() => createSpendingGuard({ assets: { x: { maxPerRequest: -1n } } })).toThrow(
      /assets.x.maxPerRequest/,
    );
    expect(() => createSpendingGuard().reserve(-1n)).toThrow(X402Error);
  });
});
