import type { FacilitatorStore } from "@x402kit/core";
import type { Telemetry } from "./createTelemetry.js";

/** The store operations that get a span; the lease calls of the signer pool go through here too. */
const operations = new Set<string>([
  "claimSettlement",
  "updateSettlement",
  "acknowledgeSettlement",
  "getSettlement",
  "listUnfinishedSettlements",
  "deleteSettlement",
  "reserveNonce",
  "resetNonce",
  "putIdempotency",
  "updateIdempotency",
  "pruneFinished",
  "ping",
  "acquireSignerLease",
  "renewSignerLease",
  "releaseSignerLease",
]);

/**
 * The store, with a child span `x402.store.<operation>` around each call made inside a facilitator span (calls
 * outside one, such as lease renewals, are not traced). The same object when tracing is off.
 */
export function traceStore<store extends FacilitatorStore>(store: store, telemetry: Telemetry): store {
  if (!telemetry.tracing) return store;
  const wrapped = new Map<string | symbol, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string" || !operations.has(property))
        return value;
      let traced = wrapped.get(property);
      if (!traced) {
        traced = (...args: unknown[]) =>
          telemetry.span(
            `x402.store.${property}`,
            { "x402.store.operation": property },
            async () => (value as (...parameters: unknown[]) => Promise<unknown>).apply(target, args),
            { root: false },
          );
        wrapped.set(property, traced);
      }
      return traced;
    },
  });
}
