import type { FeeApproval } from "@x402kit/core";
import { matchesNetworkPattern } from "@x402kit/types";

/** A network's fee limits, in its native atomic unit (wei, lamports). */
export type FeeLimit = { perSettlement?: bigint | undefined; perHour?: bigint | undefined };

export type CreateFeeBudgetParameters = {
  /** By CAIP-2 id or pattern (`eip155:*`); an exact id wins over a pattern. Each network has its own budget. */
  limits: Readonly<Record<string, FeeLimit>>;
  /** Default `Date.now`. */
  now?: (() => number) | undefined;
};

export type FeeBudget = {
  /** Approves a settlement's fee on a network, or refuses it (`policy_fee_too_high`, `policy_fee_budget_exceeded`). */
  approve(network: string, fee: { maximum: bigint }): FeeApproval;
  /** What each network's signers paid in the last hour, and what settlements in flight may still pay. */
  status(): Record<string, { paidLastHour: bigint; reserved: bigint }>;
};

export type CreateFeeBudgetReturnType = FeeBudget;

const hourMs = 3_600_000;

/**
 * The facilitator's fee caps (issue 17): a settlement whose most possible fee is above its network's
 * `perSettlement` is refused before it is sent, and so is one that could take the fees paid in the last hour
 * (rolling), plus the most that the settlements in flight may still pay, above `perHour`. An approved settlement
 * counts its maximum until the scheme reports what it paid (a receipt), then what it paid, for an hour.
 * Kept in this process's memory: with several instances, divide the budget by their number.
 */
export function createFeeBudget(parameters: CreateFeeBudgetParameters): FeeBudget {
  const now = parameters.now ?? Date.now;
  const entries = Object.entries(parameters.limits);
  const limitOf = (network: string) =>
    parameters.limits[network] ?? entries.find(([pattern]) => matchesNetworkPattern(network, pattern))?.[1];
  const ledgers = new Map<
    string,
    { paid: { at: number; amount: bigint }[]; reserved: Set<{ amount: bigint }> }
  >();
  const ledgerOf = (network: string) => {
    let ledger = ledgers.get(network);
    if (!ledger) {
      ledger = { paid: [], reserved: new Set() };
      ledgers.set(network, ledger);
    }
    const since = now() - hourMs;
    while (ledger.paid.length > 0 && ledger.paid[0]!.at <= since) ledger.paid.shift();
    return ledger;
  };
  const sum = (amounts: Iterable<{ amount: bigint }>) => {
    let total = 0n;
    for (const { amount } of amounts) total += amount;
    return total;
  };

  return {
    approve(network, { maximum }) {
      const limit = limitOf(network);
      if (!limit) return { approved: true, paid: () => {} };
      if (limit.perSettlement !== undefined && maximum > limit.perSettlement)
        return {
          approved: false,
          reason: "policy_fee_too_high",
          message: `This settlement could cost up to ${maximum} in fees on ${network}, above this facilitator's cap of ${limit.perSettlement}; nothing was sent.`,
        };
      const ledger = ledgerOf(network);
      if (limit.perHour !== undefined) {
        const committed = sum(ledger.paid) + sum(ledger.reserved);
        if (committed + maximum > limit.perHour) {
          const oldest = ledger.paid[0];
          const seconds = oldest ? Math.max(1, Math.ceil((oldest.at + hourMs - now()) / 1000)) : undefined;
          return {
            approved: false,
            reason: "policy_fee_budget_exceeded",
            message: `This facilitator's fee budget on ${network} (${limit.perHour} per hour) is spent; nothing was sent.${seconds ? ` Some of it frees up in ${seconds} s.` : ""}`,
          };
        }
      }
      const reservation = { amount: maximum };
      ledger.reserved.add(reservation);
      let reported = false;
      return {
        approved: true,
        paid(amount) {
          if (reported) return;
          reported = true;
          const current = ledgerOf(network);
          current.reserved.delete(reservation);
          const spent = amount ?? maximum;
          if (spent > 0n) current.paid.push({ at: now(), amount: spent });
        },
      };
    },

    status() {
      return Object.fromEntries(
        [...ledgers.keys()].map((network) => {
          const ledger = ledgerOf(network);
          return [network, { paidLastHour: sum(ledger.paid), reserved: sum(ledger.reserved) }];
        }),
      );
    },
  };
}
