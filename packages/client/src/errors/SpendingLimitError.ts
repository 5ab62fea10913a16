import { X402Error } from "@x402kit/core";

/** Which limit a payment would break. */
export type SpendingLimit = "max_per_request" | "budget";

/** A reservation would exceed the per-request maximum or the budget of a spending guard. */
export class SpendingLimitError extends X402Error<"spending_limit_exceeded"> {
  override name = "SpendingLimitError";
  readonly limit: SpendingLimit;
  /** The amount asked for, in atomic units. */
  readonly amount: bigint;
  /** The asset the limit applies to; undefined for the limits that apply to all assets. */
  readonly asset: string | undefined;

  constructor(options: {
    limit: SpendingLimit;
    amount: bigint;
    asset?: string | undefined;
    allowed: bigint;
  }) {
    super(
      "spending_limit_exceeded",
      options.limit === "budget"
        ? `Paying ${options.amount} would exceed the budget (${options.allowed} left).`
        : `Paying ${options.amount} is above the maximum per request (${options.allowed}).`,
      { details: { limit: options.limit, amount: String(options.amount), allowed: String(options.allowed) } },
    );
    this.limit = options.limit;
    this.amount = options.amount;
    this.asset = options.asset;
  }
}
