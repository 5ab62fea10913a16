import type { PaymentPayload, PaymentRequirements, SettleResponse } from "@x402kit/types";

/**
 * The facilitator's durable state. One interface; memory, SQLite and PostgreSQL implementations live in
 * `@x402kit/facilitator`. Schemes see only the parts they need (`NonceStore`).
 */

export type SettlementState = "settling" | "broadcast" | "confirmed" | "failed";

export type SettlementRecord = {
  /** The scheme's settlement key: names the authorization, not its signature bytes. */
  key: string;
  state: SettlementState;
  network: string;
  payer?: string | undefined;
  /** Set once broadcast. */
  transaction?: string | undefined;
  /** The final answer, once confirmed or failed. */
  response?: SettleResponse | undefined;
  /**
   * Whether the delivery is taken (one payment, one delivery): set once a success is handed out, or, for a caller that
   * sent a delivery token, with the broadcast that it started (the facilitator's settlement coordinator).
   */
  acknowledged: boolean;
  /**
   * The delivery token of the caller that acknowledged, if it sent one (an x402kit extension of the settle request):
   * that caller, and only it, may take the first-hand answer again after losing it on the way.
   */
  deliveryToken?: string | undefined;
  /** Kept so that a restarted facilitator can resolve a broadcast settlement. */
  payload: PaymentPayload;
  requirements: PaymentRequirements;
  /** The instance that owns an unfinished settlement. */
  owner: string;
  createdAt: number;
  updatedAt: number;
};

/**
 * When a write's promise may resolve. `durable` (the default): once the write would survive a crash of the machine.
 * `committed`: once it is visible to every instance sharing the store and ordered before the store's later writes,
 * which may be before it reaches the disk; it reaches the disk no later than the next durable write does (as
 * PostgreSQL's `synchronous_commit = off`). A store may always give more than is asked (the memory store keeps
 * nothing across a restart anyway). A crash of the process alone loses no committed write.
 *
 * `committed` is asked for only where a write lost with the machine is recovered from what is durable:
 * - the claim: nothing leaves the facilitator before the broadcast hash, which is written durably after it;
 * - the final state: a success is acknowledged durably before it is answered, and a lost final state leaves the
 *   record `broadcast`, which recovery resolves from the chain;
 * - a round's nonce reservation: its transactions' hashes are written durably before any leaves (to the same store,
 *   when the nonces live in the facilitator's). Were a reservation lost all the same, a used nonce would be handed
 *   out again: the node refuses it and the nonce manager re-reads the chain, or it replaces a transaction still
 *   pending, which recovery then finds dropped, its authorization unused, to be settled again; nothing is paid twice.
 */
export type StoreWriteDurability = "durable" | "committed";

export type StoreWriteOptions = {
  /** Default `durable`. */
  durability?: StoreWriteDurability | undefined;
};

export interface SettlementStore {
  /**
   * Creates the record in state `settling` if no record has this key. Atomic across every instance that shares the
   * store. Returns the existing record otherwise.
   */
  claimSettlement(
    record: SettlementRecord,
    options?: StoreWriteOptions,
  ): Promise<{ claimed: true } | { claimed: false; record: SettlementRecord }>;
  updateSettlement(
    key: string,
    patch: Partial<Omit<SettlementRecord, "key">>,
    options?: StoreWriteOptions,
  ): Promise<void>;
  /**
   * Sets `acknowledged` (and records `deliveryToken`) if it was false; true if this caller won. Atomic: exactly one
   * caller gets true, except that a caller presenting the same non-empty `deliveryToken` as the one that won also
   * gets true (the same resource server taking again an answer that it lost).
   */
  acknowledgeSettlement(key: string, deliveryToken?: string): Promise<boolean>;
  getSettlement(key: string): Promise<SettlementRecord | undefined>;
  /** Unfinished settlements (settling, broadcast), for recovery after a restart. */
  listUnfinishedSettlements(owner?: string): Promise<SettlementRecord[]>;
  /** Removes a record that failed before any broadcast, so the authorization can be tried again. */
  deleteSettlement(key: string): Promise<void>;
}

/** Per signer account and chain, the next transaction nonce (the store's part of the nonce manager). */
export interface NonceStore {
  /**
   * Reserves the next nonce for the account on the chain. `chainNonce` is the account's pending nonce on-chain, used
   * when the store has none or is behind the chain.
   */
  reserveNonce(
    account: string,
    chainId: number,
    chainNonce: () => Promise<number>,
    options?: StoreWriteOptions,
  ): Promise<number>;
  /**
   * Optional: reserves `count` consecutive nonces in one write and returns the first, as `reserveNonce` does for
   * one. The nonce manager sends a round of transactions with them; without it, it calls `reserveNonce` per nonce.
   */
  reserveNonces?(
    account: string,
    chainId: number,
    count: number,
    chainNonce: () => Promise<number>,
    options?: StoreWriteOptions,
  ): Promise<number>;
  /** Forgets the stored nonce (after a nonce error), so the next reservation re-reads the chain. */
  resetNonce(account: string, chainId: number): Promise<void>;
}

/** Idempotency records of the `payment-identifier` extension (extensions/payment_identifier.md). */
export type IdempotencyRecord = {
  id: string;
  /** A hash of the payload that first used the id: the same id with another payload is refused. */
  payloadHash: string;
  response?: SettleResponse | undefined;
  createdAt: number;
};

export interface IdempotencyStore {
  putIdempotency(
    record: IdempotencyRecord,
  ): Promise<{ stored: true } | { stored: false; record: IdempotencyRecord }>;
  updateIdempotency(id: string, response: SettleResponse): Promise<void>;
}

export interface FacilitatorStore extends SettlementStore, NonceStore, IdempotencyStore {
  /** Checks that the store answers (for `GET /healthz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Optional part of a store: forgetting finished records after a retention period. A busy facilitator writes a record
 * per payment; the chain, not the record, stops a replay of an old authorization (its nonce is used, or it expired).
 * The three stores of x402kit have it.
 */
export interface RetentionStore {
  /**
   * Deletes the settlement records that finished (confirmed or failed) before `before` (Unix ms, by their last
   * update) and the idempotency records created before it. Unfinished settlements are never deleted.
   */
  pruneFinished(parameters: PruneFinishedParameters): Promise<PruneFinishedReturnType>;
}

export type PruneFinishedParameters = { before: number };

/** How many records went. */
export type PruneFinishedReturnType = { settlements: number; idempotency: number };

/** Whether a store can forget finished records (`RetentionStore`). */
export function isRetentionStore<store extends object>(store: store): store is store & RetentionStore {
  return typeof (store as Partial<RetentionStore>).pruneFinished === "function";
}

/**
 * Optional part of a store shared by several facilitator instances (PostgreSQL): each instance leases its own
 * signer accounts from a pool, so that no two instances ever sign with one account (their nonces would collide).
 * A lease lasts `ttlMs` unless renewed; an expired lease is taken over only once its owner's unfinished settlements
 * are resolved.
 */
export interface SignerLeaseStore {
  /**
   * Leases one account of `accounts` to `owner` (or renews the one it holds). In order: the account `owner` already
   * holds; the first free one; the first expired one whose previous owner has no unfinished settlement, after
   * awaiting `resolvePending(previousOwner)` if it has some. `undefined` when none is available. An account that
   * changes hands has its stored nonces forgotten.
   */
  acquireSignerLease(parameters: AcquireSignerLeaseParameters): Promise<AcquireSignerLeaseReturnType>;
  /** Extends `owner`'s lease; false once it was taken over or released: stop signing with the account at once. */
  renewSignerLease(parameters: RenewSignerLeaseParameters): Promise<boolean>;
  /** Gives the account back, once its transactions are resolved. False when `owner` did not hold it. */
  releaseSignerLease(parameters: ReleaseSignerLeaseParameters): Promise<boolean>;
}

export type AcquireSignerLeaseParameters = {
  /** The instance asking. Default: the store's own instance id. */
  owner?: string | undefined;
  /** The pool of signer accounts, in order of preference. */
  accounts: readonly string[];
  /** How long the lease lasts unless renewed, in milliseconds. */
  ttlMs: number;
  /**
   * Resolves the unfinished settlements of a dead owner (look up their transactions, record them confirmed or
   * failed). Without it, an account whose previous owner left unfinished settlements is not taken over.
   */
  resolvePending?: ((previousOwner: string) => Promise<void>) | undefined;
};

/** The leased account, or `undefined` when none is available. */
export type AcquireSignerLeaseReturnType = string | undefined;

export type RenewSignerLeaseParameters = { owner?: string | undefined; account: string; ttlMs: number };

export type ReleaseSignerLeaseParameters = { owner?: string | undefined; account: string };

/**
 * One catalogued resource of the discovery API (extensions/bazaar.md, spec v2 §8): what a facilitator learned from
 * the `bazaar` extension of a payment it settled.
 */
export type DiscoveredResourceRecord = {
  /**
   * The catalog key: the resource URL (its route template in place of the concrete path, without the query) and,
   * for an MCP tool, the tool's name (extensions/bazaar.md: MCP tools are keyed by (`resource.url`, `tool`)).
   */
  key: string;
  /** The resource URL as listed (`resource` in spec v2 §8.2). */
  resource: string;
  type: "http" | "mcp";
  x402Version: number;
  /** The ways it was paid for, most recent first. */
  accepts: PaymentRequirements[];
  /** The validated `bazaar` extension: `info`, `schema` and, for an HTTP route, `routeTemplate`. */
  bazaar: Record<string, unknown>;
  /** The keys of the other extensions its 402 offered (for the `extensions` filter). */
  extensions: string[];
  method?: string | undefined;
  tool?: string | undefined;
  description?: string | undefined;
  mimeType?: string | undefined;
  serviceName?: string | undefined;
  tags?: string[] | undefined;
  iconUrl?: string | undefined;
  /** Unix ms of the last payment that catalogued it. */
  lastUpdated: number;
};

export type ListDiscoveredResourcesParameters = {
  type?: string | undefined;
  /** Matches any of `accepts` (EVM addresses compared without case). */
  payTo?: string | undefined;
  scheme?: string | undefined;
  network?: string | undefined;
  /** The resource offers this extension. */
  extension?: string | undefined;
  /** Every word occurs (without case) in the URL, description, service name, tags, tool or method. */
  text?: string | undefined;
  limit: number;
  offset: number;
};

export type ListDiscoveredResourcesReturnType = {
  /** Most recently updated first, then by key. */
  items: DiscoveredResourceRecord[];
  /** How many match, regardless of the page. */
  total: number;
};

/** Optional part of a store: the facilitator's catalog of discovered resources (the three stores of x402kit have it). */
export interface DiscoveryStore {
  getDiscoveredResource(key: string): Promise<DiscoveredResourceRecord | undefined>;
  /** Creates or replaces the record with this key. */
  putDiscoveredResource(record: DiscoveredResourceRecord): Promise<void>;
  listDiscoveredResources(
    parameters: ListDiscoveredResourcesParameters,
  ): Promise<ListDiscoveredResourcesReturnType>;
}

/** Whether a store keeps a discovery catalog (`DiscoveryStore`). */
export function isDiscoveryStore<store extends object>(store: store): store is store & DiscoveryStore {
  return (
    typeof (store as Partial<DiscoveryStore>).putDiscoveredResource === "function" &&
    typeof (store as Partial<DiscoveryStore>).listDiscoveredResources === "function" &&
    typeof (store as Partial<DiscoveryStore>).getDiscoveredResource === "function"
  );
}

/**
 * What a payer may come back to without paying again (extensions/sign-in-with-x.md, "Check Payment History"): a
 * resource server records one when it delivers a paid resource, and grants it to a sign-in by the same address until
 * it expires.
 */
export type Entitlement = {
  /** The resource, as the server names it (x402kit: the request's path). */
  resource: string;
  /** The payer, as the sign-in verifier returns it (lower-case for EVM). */
  address: string;
  /** Unix ms until which it holds. */
  expiresAt: number;
  /** Unix ms of the payment. */
  grantedAt: number;
  network?: string | undefined;
  transaction?: string | undefined;
};

/**
 * Optional part of a store, for resource servers: entitlements and the sign-in nonces already used. The three stores
 * of x402kit have it, so a resource server can keep them in memory, in SQLite or in PostgreSQL.
 */
export interface EntitlementStore {
  /** Records an entitlement; when one exists for the resource and address, the later expiry wins. */
  grantEntitlement(entitlement: Entitlement): Promise<void>;
  /** The entitlement of `address` to `resource` that holds at `now`, if any. */
  findEntitlement(parameters: FindEntitlementParameters): Promise<Entitlement | undefined>;
  /**
   * Records a sign-in nonce as used until `expiresAt`; true for the first use, false for a replay. Atomic across the
   * instances that share the store. Forgets nonces that expired before `now`.
   */
  useSignInNonce(parameters: UseSignInNonceParameters): Promise<boolean>;
}

export type FindEntitlementParameters = { resource: string; address: string; now: number };

export type UseSignInNonceParameters = { nonce: string; expiresAt: number; now: number };

/** Whether a store keeps entitlements (`EntitlementStore`). */
export function isEntitlementStore<store extends object>(store: store): store is store & EntitlementStore {
  return (
    typeof (store as Partial<EntitlementStore>).grantEntitlement === "function" &&
    typeof (store as Partial<EntitlementStore>).findEntitlement === "function" &&
    typeof (store as Partial<EntitlementStore>).useSignInNonce === "function"
  );
}

/**
 * A payment channel's state, as a stateful scheme keeps it (batch-settlement: the resource server's per-channel
 * record of scheme_batch_settlement_evm.md, "Server: State & Forwarding"). Core knows no scheme: `state` is the
 * scheme's JSON, and the other fields are what a server needs to find its channels.
 */
export type ChannelRecord = {
  /** The channel's id as its scheme names it (EVM batch-settlement: the lower-case EIP-712 hash of its config). */
  id: string;
  scheme: string;
  network: string;
  /** The requirements' `payTo`: whose channel it is, when several servers share a store. */
  payTo: string;
  asset: string;
  /** The scheme's state of the channel, JSON (amounts as decimal strings). */
  state: Record<string, unknown>;
  /** 1 when created, one more on every write: the compare-and-set guard. */
  version: number;
  /** Unix ms of the last write. */
  updatedAt: number;
};

/** What `putChannel` writes: everything but the version and the time, which the store sets. */
export type ChannelRecordInput = Omit<ChannelRecord, "version" | "updatedAt">;

export type ListChannelsParameters = {
  scheme: string;
  network?: string | undefined;
  payTo?: string | undefined;
  asset?: string | undefined;
  /** Ids after this one (ids are listed in ascending order), for paging. */
  afterId?: string | undefined;
  /** At most this many (default 1 000). */
  limit?: number | undefined;
};

/**
 * Optional part of a store: channel state with compare-and-set writes, so that several server instances sharing
 * the store never both commit a charge against the same channel state. The three stores of x402kit have it.
 */
export interface ChannelStore {
  getChannel(id: string): Promise<ChannelRecord | undefined>;
  /**
   * Writes the channel if its stored version is `expectedVersion` (0: no record may exist). Atomic across every
   * instance that shares the store. Returns the written record (version `expectedVersion + 1`), or undefined when
   * another write came first; nothing is written then.
   */
  putChannel(record: ChannelRecordInput, expectedVersion: number): Promise<ChannelRecord | undefined>;
  /** Deletes the channel if its stored version is `expectedVersion`; true when it did. */
  deleteChannel(id: string, expectedVersion: number): Promise<boolean>;
  /** The channels of a scheme (optionally of one network, payee and asset), by ascending id. */
  listChannels(parameters: ListChannelsParameters): Promise<ChannelRecord[]>;
}

/** Whether a store keeps channel state (`ChannelStore`). */
export function isChannelStore<store extends object>(store: store): store is store & ChannelStore {
  return typeof (store as Partial<ChannelStore>).putChannel === "function";
}
