import type { SettleResponse } from "@x402kit/types";
import { expect } from "vitest";

/** A repeated settle of an authorization already delivered: refused, naming the transaction that settled it. */
export const duplicateOf = (transaction: string) => ({
  success: false,
  errorReason: "invalid_transaction_state",
  transaction: "",
  extensions: { x402kit: { replayed: true, settledIn: transaction } },
});

/**
 * Checks the answers to settles of one authorization: exactly one success (the delivery), every other a refused
 * duplicate naming its transaction. Returns the duplicate answer expected of any later settle.
 */
export function expectOneDelivery(answers: readonly SettleResponse[]) {
  const delivered = answers.filter((answer) => answer.success);
  expect(delivered).toHaveLength(1);
  const duplicate = duplicateOf(delivered[0]!.transaction);
  for (const answer of answers.filter((one) => !one.success)) expect(answer).toMatchObject(duplicate);
  return duplicate;
}
