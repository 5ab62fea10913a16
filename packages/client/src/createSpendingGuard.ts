import { X402Error } from "@x402kit/core";
import { addressKey } from "@x402kit/types";
import { type SpendingLimit, SpendingLimitError } from "./errors/SpendingLimitError.js";

/** Limits in atomic units of the asset (USDC has 6 decimals: 1_000_000n is 1 USDC). */
export type SpendingLimits = {
  /** The most one request may pay. */
  maxPerRequest?: bigint | undefined;
  /** The most all requests together may pay, over the guard's lifetime. */
  budget?: bigint | undefined;
};

export type CreateSpendingGuardParameters = SpendingLimits & {
  /**
   * Limits for one asset, on top of the ones above (which apply to every asset), keyed by the asset's address or
   * id as it appears in the requirements' `asset` (compared case-insensitively).
   */
  assets?: Record<string, SpendingLimits> | undefined;
};

export type SpendingGuard = {
  /** Reserved and not released, over all assets, in atomic units. */
  readonly spent: bigint;
  /** What the budget still allows (undefined without a budget). */
  readonly remaining: bigint | undefined;
  spentOf(asset: string): bigint;
  /** What the budgets still allow for this asset: the smaller of its own and the global one. */
  remainingOf(asset: string): bigint | undefined;
  /** The limit that reserving `amount` now would break, or undefined if it fits. */
  check(amount: bigint, asset?: string): SpendingLimit | undefined;
  /** Reserves `amount` before a payment is signed. Throws a SpendingLimitError if it does not fit. */
  reserve(amount: bigint, asset?: string): void;
  /** Gives back a reservation that was not spent (the server refused or failed to settle). */
  release(amount: bigint, asset?: string): void;
};

export type CreateSpendingGuardErrorType = X402Error<"invalid_config"> | SpendingLimitError;

function assertLimits(limits: SpendingLimits, where: string) {
  for (const key of ["maxPerRequest", "budget"] as const) {
    const value = limits[key];
    if (value !== undefined && (typeof value !== "bigint" || value < 0n))
      throw new X402Error("invalid_config", `${where}${key} must be a non-negative bigint (atomic units).`, {
        details: { [key]: String(value) },
      });
  }
}

/**
 * A client-side spending limit. Reservations are synchronous, so concurrent payments can never exceed the budget:
 * each one reserves before it signs, and a reservation stays spent unless the server definitively did not settle.
 */
export function createSpendingGuard(parameters: CreateSpendingGuardParameters = {}): SpendingGuard {
  assertLimits(parameters, "");
  const assetLimits = new Map<string, SpendingLimits>();
  for (const [asset, limits] of Object.entries(parameters.assets ?? {})) {
    assertLimits(limits, `assets.${asset}.`);
    assetLimits.set(addressKey(asset), limits);
  }
  let spent = 0n;
  const spentByAsset = new Map<string, bigint>();
  const spentOf = (asset: string) => spentByAsset.get(addressKey(asset)) ?? 0n;
  const remainingOf = (asset: string | undefined): bigint | undefined => {
    const global = parameters.budget === undefined ? undefined : parameters.budget - spent;
    const budget = asset === undefined ? undefined : assetLimits.get(addressKey(asset))?.budget;
    const own = budget === undefined ? undefined : budget - spentOf(asset!);
    if (global === undefined) return own;
    return own === undefined || global < own ? global : own;
  };
  const maxOf = (asset: string | undefined): bigint | undefined => {
    const own = asset === undefined ? undefined : assetLimits.get(addressKey(asset))?.maxPerRequest;
    const global = parameters.maxPerRequest;
    if (global === undefined) return own;
    return own === undefined || global < own ? global : own;
  };
  const assertAmount = (amount: bigint) => {
    if (typeof amount !== "bigint" || amount < 0n)
      throw new X402Error("invalid_amount", "An amount must be a non-negative bigint (atomic units).");
  };
  const check = (amount: bigint, asset?: string): SpendingLimit | undefined => {
    assertAmount(amount);
    const max = maxOf(asset);
    if (max !== undefined && amount > max) return "max_per_request";
    const remaining = remainingOf(asset);
    if (remaining !== undefined && amount > remaining) return "budget";
    return undefined;
  };

  return {
    get spent() {
      return spent;
    },
    get remaining() {
      return parameters.budget === undefined ? undefined : parameters.budget - spent;
    },
    spentOf,
    remainingOf: (asset) => remainingOf(asset),
    check,
    reserve(amount, asset) {
      const limit = check(amount, asset);
      if (limit)
        throw new SpendingLimitError({
          limit,
          amount,
          asset,
          allowed: (limit === "budget" ? remainingOf(asset) : maxOf(asset)) ?? 0n,
        });
      spent += amount;
      if (asset !== undefined) spentByAsset.set(addressKey(asset), spentOf(asset) + amount);
    },
    release(amount, asset) {
      assertAmount(amount);
      // Never below zero: releasing more than was reserved is the caller's bug, not a credit.
      spent -= amount < spent ? amount : spent;
      if (asset !== undefined) {
        const current = spentOf(asset);
        spentByAsset.set(addressKey(asset), amount < current ? current - amount : 0n);
      }
    },
  };
}
