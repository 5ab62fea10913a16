import type { BalanceCheck } from "../report/benchResultsSchema.js";

export type CheckBalancesParameters = {
  before: { buyer: bigint; payTo: bigint };
  after: { buyer: bigint; payTo: bigint };
  successes: number;
  /** Atomic units per successful payment. */
  price: bigint;
};

/** Whether the buyer paid and the payee received exactly `successes x price`: no payment lost, none taken twice. */
export function checkBalances(parameters: CheckBalancesParameters): BalanceCheck {
  const { before, after, successes, price } = parameters;
  const expected = BigInt(successes) * price;
  return {
    expected: expected.toString(),
    buyerPaid: (before.buyer - after.buyer).toString(),
    payToReceived: (after.payTo - before.payTo).toString(),
    exact: before.buyer - after.buyer === expected && after.payTo - before.payTo === expected,
  };
}
