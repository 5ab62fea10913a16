/** A marker that every paid body carries: a refused request's answer must never contain it. */
export const paidContentMarker = "x402kit-reliability-paid-content";

/** The paid routes (GET) and their prices in atomic units of a 6-decimal token. */
export const paidRoutes = {
  /** $0.001 in MockUSDC. */
  "/cheap": 1_000n,
  /** $0.01 in MockUSDC. */
  "/expensive": 10_000n,
  /** $0.001 in MockUSDC, but the handler answers 500: never settled. */
  "/fail": 1_000n,
  /** $0.001 in the second token (`tokenB`), when the app has one. */
  "/token-b": 1_000n,
} as const;
export type PaidPath = keyof typeof paidRoutes;
