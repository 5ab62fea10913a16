import type { SignerLeaseStore } from "@x402kit/core";

/** Whether a store implements core's optional `SignerLeaseStore` part (the PostgreSQL store does). */
export function isSignerLeaseStore(store: unknown): store is SignerLeaseStore {
  if (typeof store !== "object" || store === null) return false;
  const methods = store as Record<string, unknown>;
  return ["acquireSignerLease", "renewSignerLease", "releaseSignerLease"].every(
    (method) => typeof methods[method] === "function",
  );
}
