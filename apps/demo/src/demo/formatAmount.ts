import { formatUnits as viemFormatUnits } from "viem";

/** `1000n, 6, "USDC"` -> `0.001000 USDC`: a fixed number of decimals, so that amounts line up in a column. */
export function formatAmount(atomic: bigint, decimals: number, symbol: string): string {
  const [whole, fraction = ""] = viemFormatUnits(atomic, decimals).split(".");
  return `${whole}.${fraction.padEnd(decimals, "0")} ${symbol}`;
}
