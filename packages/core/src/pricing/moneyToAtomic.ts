import { PriceError } from "./parsePrice.js";

/**
 * Converts a dollar amount (`"0.01"`) to atomic units of a token with `decimals` decimals, exactly.
 * Refuses amounts that the token cannot represent instead of rounding them.
 */
export function moneyToAtomic(usd: string, decimals: number): bigint {
  const [whole = "0", fraction = ""] = usd.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  if (trimmed.length > decimals)
    throw new PriceError(`The price $${usd} has more decimals than the token (${decimals}).`, {
      usd,
      decimals,
    });
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(trimmed.padEnd(decimals, "0") || "0");
}
