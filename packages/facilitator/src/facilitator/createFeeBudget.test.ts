import { describe, expect, it } from "vitest";
import { createFeeBudget } from "./createFeeBudget.js";

describe("createFeeBudget", () => {
  const network = "eip155:8453";

  it("refuses a fee above the per-settlement cap, inclusive bound, by exact id before a pattern", () => {
    const budget = createFeeBudget({
      limits: { "eip155:*": { perSettlement: 10n }, [network]: { perSettlement: 100n } },
    });
    expect(budget.approve(network, { maximum: 100n })).toMatchObject({ approved: true });
    expect(budget.approve(network, { maximum: 101n })).toMatchObject({
      approved: false,
      reason: "policy_fee_too_high",
    });
    expect(budget.approve("eip155:1", { maximum: 11n })).toMatchObject({ reason: "policy_fee_too_high" });
    expect(budget.approve("solana:x", { maximum: 10n ** 30n })).toMatchObject({ approved: true });
  });

  it("counts reservations in flight, then what was paid, for a rolling hour", () => {
    let now = 1_000_000;
    const budget = createFeeBudget({ limits: { [network]: { perHour: 100n } }, now: () => now });
    const first = budget.approve(network, { maximum: 60n });
    if (!first.approved) throw new Error("refused");
    // 60 reserved: another 60 would exceed 100.
    expect(budget.approve(network, { maximum: 60n })).toMatchObject({ reason: "policy_fee_budget_exceeded" });
    first.paid(30n);
    first.paid(1_000n); // reported once only
    expect(budget.status()).toEqual({ [network]: { paidLastHour: 30n, reserved: 0n } });
    now += 1;
    const second = budget.approve(network, { maximum: 60n });
    if (!second.approved) throw new Error("refused");
    second.paid(undefined); // unknown (no receipt): the maximum stays counted
    expect(budget.status()[network]).toEqual({ paidLastHour: 90n, reserved: 0n });
    const refused = budget.approve(network, { maximum: 11n });
    expect(refused).toMatchObject({ approved: false, reason: "policy_fee_budget_exceeded" });
    expect(refused.approved === false && refused.message).toMatch(/frees up in 3600 s/);
    // Nothing sent costs nothing.
    const unsent = budget.approve(network, { maximum: 10n });
    if (!unsent.approved) throw new Error("refused");
    unsent.paid(0n);
    expect(budget.status()[network]).toEqual({ paidLastHour: 90n, reserved: 0n });
    // An hour after the first payment, it no longer counts.
    now += 3_600_000 - 1;
    expect(budget.status()[network]).toEqual({ paidLastHour: 60n, reserved: 0n });
    expect(budget.approve(network, { maximum: 40n })).toMatchObject({ approved: true });
  });
});
