import { X402Error } from "../errors/X402Error.js";
import { compareDiscoveredResources, matchesDiscoveryFilters } from "./discoverySearch.js";
import type {
  DiscoveredResourceRecord,
  DiscoveryStore,
  Entitlement,
  EntitlementStore,
  FacilitatorStore,
  IdempotencyRecord,
  RetentionStore,
  SettlementRecord,
} from "./store.js";

const optionalFields = new Set(["payer", "transaction", "response", "deliveryToken"]);

export type CreateMemoryStoreReturnType = FacilitatorStore &
  RetentionStore &
  DiscoveryStore &
  EntitlementStore;

/** `store_closed` after `close()`; `store_invalid_argument` for a chain nonce that is not a count. */
export type CreateMemoryStoreErrorType = X402Error<"store_closed" | "store_invalid_argument">;

/**
 * A `FacilitatorStore` in process memory, for tests and single-process facilitators that may forget everything on
 * restart. Every operation is atomic within the process (each runs to completion before another starts, except
 * `reserveNonce` while it reads the chain, which is written so that racers still get consecutive nonces). Records
 * are copied in and out, as a durable store would, so callers never share a mutable record.
 */
export function createMemoryStore(): CreateMemoryStoreReturnType {
  const settlements = new Map<string, SettlementRecord>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const nonces = new Map<string, number>();
  const discovered = new Map<string, DiscoveredResourceRecord>();
  const entitlements = new Map<string, Entitlement>();
  const signInNonces = new Map<string, number>();
  let closed = false;

  const open = () => {
    if (closed) throw new X402Error("store_closed", "The facilitator store is closed.");
  };
  const copy = <value>(value: value): value => structuredClone(value);
  const nonceKey = (account: string, chainId: number) => `${chainId}:${account.toLowerCase()}`;

  return {
    async claimSettlement(record) {
      open();
      const existing = settlements.get(record.key);
      if (existing) return { claimed: false, record: copy(existing) };
      settlements.set(record.key, copy(record));
      return { claimed: true };
    },

    async updateSettlement(key, patch) {
      open();
      const existing = settlements.get(key);
      if (!existing) return;
      const next: Record<string, unknown> = { ...existing };
      for (const [field, value] of Object.entries(copy(patch))) {
        // `undefined` clears an optional field (payer, transaction, response); a required field keeps its value.
        if (value === undefined && !optionalFields.has(field)) continue;
        next[field] = value;
      }
      settlements.set(key, { ...(next as SettlementRecord), key, updatedAt: patch.updatedAt ?? Date.now() });
    },

    async acknowledgeSettlement(key, deliveryToken) {
      open();
      const existing = settlements.get(key);
      if (!existing) return false;
      if (existing.acknowledged) return Boolean(deliveryToken) && existing.deliveryToken === deliveryToken;
      settlements.set(key, {
        ...existing,
        acknowledged: true,
        ...(deliveryToken ? { deliveryToken } : {}),
        updatedAt: Date.now(),
      });
      return true;
    },

    async getSettlement(key) {
      open();
      const existing = settlements.get(key);
      return existing ? copy(existing) : undefined;
    },

    async listUnfinishedSettlements(owner) {
      open();
      return [...settlements.values()]
        .filter(
          (record) =>
            (record.state === "settling" || record.state === "broadcast") &&
            (owner === undefined || record.owner === owner),
        )
        .sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(copy);
    },

    async deleteSettlement(key) {
      open();
      settlements.delete(key);
    },

    async pruneFinished({ before }) {
      open();
      const pruned = { settlements: 0, idempotency: 0 };
      for (const [key, record] of settlements)
        if ((record.state === "confirmed" || record.state === "failed") && record.updatedAt < before) {
          settlements.delete(key);
          pruned.settlements++;
        }
      for (const [id, record] of idempotency)
        if (record.createdAt < before) {
          idempotency.delete(id);
          pruned.idempotency++;
        }
      return pruned;
    },

    async reserveNonce(account, chainId, chainNonce) {
      open();
      const key = nonceKey(account, chainId);
      const stored = nonces.get(key);
      if (stored !== undefined) {
        nonces.set(key, stored + 1);
        return stored;
      }
      const fromChain = await chainNonce();
      if (!Number.isSafeInteger(fromChain) || fromChain < 0)
        throw new X402Error("store_invalid_argument", "The chain nonce is not a count.", {
          details: { account, chainId, chainNonce: fromChain },
        });
      open();
      // Another caller may have stored a nonce while this one read the chain: keep the larger, so both get
      // distinct, consecutive nonces.
      const reserved = Math.max(nonces.get(key) ?? 0, fromChain);
      nonces.set(key, reserved + 1);
      return reserved;
    },

    async resetNonce(account, chainId) {
      open();
      nonces.delete(nonceKey(account, chainId));
    },

    async putIdempotency(record) {
      open();
      const existing = idempotency.get(record.id);
      if (existing) return { stored: false, record: copy(existing) };
      idempotency.set(record.id, copy(record));
      return { stored: true };
    },

    async updateIdempotency(id, response) {
      open();
      const existing = idempotency.get(id);
      if (existing) idempotency.set(id, { ...existing, response: copy(response) });
    },

    async getDiscoveredResource(key) {
      open();
      const existing = discovered.get(key);
      return existing ? copy(existing) : undefined;
    },

    async putDiscoveredResource(record) {
      open();
      discovered.set(record.key, copy(record));
    },

    async listDiscoveredResources(parameters) {
      open();
      const matching = [...discovered.values()]
        .filter((record) => matchesDiscoveryFilters(record, parameters))
        .sort(compareDiscoveredResources);
      return {
        items: matching.slice(parameters.offset, parameters.offset + parameters.limit).map(copy),
        total: matching.length,
      };
    },

    async grantEntitlement(entitlement) {
      open();
      const key = JSON.stringify([entitlement.resource, entitlement.address]);
      const existing = entitlements.get(key);
      if (!existing || existing.expiresAt < entitlement.expiresAt) entitlements.set(key, copy(entitlement));
    },

    async findEntitlement({ resource, address, now }) {
      open();
      const existing = entitlements.get(JSON.stringify([resource, address]));
      return existing && existing.expiresAt > now ? copy(existing) : undefined;
    },

    async useSignInNonce({ nonce, expiresAt, now }) {
      open();
      for (const [used, until] of signInNonces) if (until < now) signInNonces.delete(used);
      if (signInNonces.has(nonce)) return false;
      signInNonces.set(nonce, expiresAt);
      return true;
    },

    async ping() {
      open();
    },

    async close() {
      closed = true;
    },
  };
}
