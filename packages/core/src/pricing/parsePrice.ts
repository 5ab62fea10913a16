import { X402Error } from "../errors/X402Error.js";

/** A price in token units, already atomic (no decimals), for a named asset. */
export type AssetAmount = {
  /** Atomic units as a decimal string, e.g. `"10000"` for 0.01 USDC. */
  amount: string;
  /** The token address (or the scheme's asset id). */
  asset: string;
  /** Scheme extra for this asset, e.g. the EIP-712 domain `{ name, version }`. */
  extra?: Record<string, unknown> | undefined;
};

/**
 * A route's price as a user writes it: `"$0.01"`, `"0.01"`, `0.01` (US dollars, paid in the network's default
 * stablecoin) or an exact `{ amount, asset }` in atomic units.
 */
export type Price = string | number | AssetAmount;

export type ParsedPrice =
  | { kind: "money" /** Canonical decimal string in dollars, e.g. `"0.01"`. */; usd: string }
  | ({ kind: "atomic" } & AssetAmount);

export type ParsePriceErrorType = PriceError;

export class PriceError extends X402Error<"invalid_price"> {
  override name = "PriceError";
  constructor(message: string, details?: Record<string, unknown>) {
    super("invalid_price", message, { details });
  }
}

const moneyPattern = /^\$?(\d{1,15})(?:\.(\d{1,18}))?$/;
const atomicPattern = /^\d{1,78}$/;

/** Parses a configured price. Throws PriceError for anything that is not a non-negative, finite amount. */
export function parsePrice(price: Price): ParsedPrice {
  if (typeof price === "object" && price !== null) {
    if (typeof price.amount !== "string" || !atomicPattern.test(price.amount))
      throw new PriceError("An atomic price needs `amount` as a non-negative integer string.", { price });
    if (typeof price.asset !== "string" || price.asset.length === 0)
      throw new PriceError("An atomic price needs an `asset`.", { price });
    return {
      kind: "atomic",
      amount: BigInt(price.amount).toString(),
      asset: price.asset,
      extra: price.extra,
    };
  }
  let text: string;
  if (typeof price === "number") {
    if (!Number.isFinite(price) || price < 0)
      throw new PriceError("A price must be a finite, non-negative number.", { price });
    // Numbers go through their shortest round-trip decimal form; exponent forms (1e-7) are refused below.
    text = String(price);
  } else if (typeof price === "string") {
    text = price
      .trim()
      .replaceAll(",", "")
      .replace(/\s*(USD|USDC)$/i, "");
  } else {
    throw new PriceError("A price must be a string, a number or `{ amount, asset }`.", { price });
  }
  const match = moneyPattern.exec(text);
  if (!match)
    throw new PriceError(`Cannot parse the price "${String(price)}"; write it like "$0.01".`, { price });
  const whole = BigInt(match[1]!).toString();
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  return { kind: "money", usd: fraction ? `${whole}.${fraction}` : whole };
}
