import { addressKey } from "@x402kit/types";
import { X402Error } from "../errors/X402Error.js";
import { copyRecord } from "./copyRecord.js";
import { compareDiscoveredResources, matchesDiscoveryFilters } from "./discoverySearch.js";
import type {
  ChannelRecord,
  ChannelStore,
  DiscoveredResourceRecord,
  DiscoveryStore,
  Entitlement,
  EntitlementStore,
  FacilitatorStore,
  IdempotencyRecord,
  NonceStore,
  RetentionStore,
  SettlementRecord,
} from "./store.js";

const optionalFields = new Set(["payer", "transaction", "response", "deliveryToken"]);

export type CreateMemoryStoreReturnType = FacilitatorStore &
  RetentionStore &
  ChannelStore &
  DiscoveryStore &
  EntitlementStore;

/** `store_closed` after `close()`; `store_invalid_argument` for a chain nonce that is not a count. */
export type CreateMemoryStoreErrorType = X402Error<"store_closed" | "store_invalid_argument">;

/**
 * A `FacilitatorStore` (with retention and channel state) in process memory, for tests and single-process
 * facilitators and servers that may forget everything on restart. Every operation is atomic within the process (each runs to completion before another starts, except
 * `reserveNonce` while it reads the chain, which is written so that racers still get consecutive nonces). Records
 * are copied in and out, as a durable store would, so callers never share a mutable record.
 */
export function createMemoryStore(): CreateMemoryStoreReturnType {
  const settlements = new Map<string, SettlementRecord>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const nonces = new Map<string, number>();
  const channels = new Map<string, ChannelRecord>();
  const discovered = new Map<string, DiscoveredResourceRecord>();
  const entitlements = new Map<string, Entitlement>();
  const signInNonces = new Map<string, number>();
  let closed = false;

  const open = () => {
    if (closed) throw new X402Error("store_closed", "The facilitator store is closed.");
  };
  const copy = <value>(value: value): value => copyRecord(value);
  const nonceKey = (account: string, chainId: number) => `${chainId}:${addressKey(account)}`;

  const reserveNonces: NonNullable<NonceStore["reserveNonces"]> = async (
    account,
    chainId,
    count,
    chainNonce,
  ) => {
    open();
    if (!Number.isSafeInteger(count) || count < 1)
      throw new X402Error("store_invalid_argument", "The nonce count must be a positive integer.", {
        details: { account, chainId, count },
      });
    const key = nonceKey(account, chainId);
    const stored = nonces.get(key);
    if (stored !== undefined) {
      nonces.set(key, stored + count);
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
    nonces.set(key, reserved + count);
    return reserved;
  };

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

    reserveNonce(account, chainId, chainNonce) {
      return reserveNonces(account, chainId, 1, chainNonce);
    },

    reserveNonces,

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

    async getChannel(id) {
      open();
      const existing = channels.get(id);
      return existing ? copy(existing) : undefined;
    },

    async putChannel(record, expectedVersion) {
      open();
      if ((channels.get(record.id)?.version ?? 0) !== expectedVersion) return undefined;
      const written: ChannelRecord = { ...copy(record), version: expectedVersion + 1, updatedAt: Date.now() };
      channels.set(record.id, written);
      return copy(written);
    },

    async deleteChannel(id, expectedVersion) {
      open();
      if (channels.get(id)?.version !== expectedVersion) return false;
      channels.delete(id);
      return true;
    },

    async listChannels({ scheme, network, payTo, asset, afterId, limit = 1_000 }) {
      open();
      return [...channels.values()]
        .filter(
          (record) =>
            record.scheme === scheme &&
            (network === undefined || record.network === network) &&
            (payTo === undefined || record.payTo === payTo) &&
            (asset === undefined || record.asset === asset) &&
            (afterId === undefined || record.id > afterId),
        )
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit)
        .map(copy);
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
