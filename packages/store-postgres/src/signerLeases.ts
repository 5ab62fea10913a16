/**
 * Signer leases: each facilitator instance leases its own signer accounts from a pool shared through the database,
 * so that no two instances ever sign with the same account (their nonces would collide). A lease lasts `ttlMs`
 * unless renewed; the lease of an instance that died expires, and its account is handed to another instance only
 * once the dead instance's unfinished settlements are resolved.
 */
export interface SignerLeaseStore {
  /**
   * Leases one account of `accounts` to `owner`, or renews the one it already holds. Returns the account, or
   * `undefined` when every account is held by a live owner (or by a dead one whose settlements are unresolved).
   *
   * In order: an account `owner` already holds (renewed); the first free account; the first expired account whose
   * previous owner has no unfinished settlement (`listUnfinishedSettlements(previousOwner)` is empty). If it has
   * some, the previous owner holds no other live lease (it is presumed dead) and `resolvePending` is given, the
   * store awaits `resolvePending(previousOwner)` and checks again. One instance at a time examines an expired
   * lease (a session advisory lock), so `resolvePending` never runs twice at once for one account. Whenever an
   * account changes hands, its stored nonces (every chain) are forgotten, so the new owner reads them from the
   * chain: a dead owner may have reserved nonces it never used.
   */
  acquireSignerLease(parameters: AcquireSignerLeaseParameters): Promise<AcquireSignerLeaseReturnType>;
  /**
   * Extends `owner`'s lease on `account` to `ttlMs` from now. False when the lease was taken over (or released):
   * the caller must stop signing with the account at once. Renew well within the ttl (every ttl/3, say).
   */
  renewSignerLease(parameters: RenewSignerLeaseParameters): Promise<boolean>;
  /**
   * Gives the account back. Call it only once the account's transactions are resolved (the next owner does not
   * check them). False when `owner` did not hold the lease.
   */
  releaseSignerLease(parameters: ReleaseSignerLeaseParameters): Promise<boolean>;
}

export type AcquireSignerLeaseParameters = {
  /** The instance asking. Default: the store's `instanceId`. */
  owner?: string | undefined;
  /** The pool of signer accounts, in order of preference. */
  accounts: readonly string[];
  /** How long the lease lasts unless renewed, in milliseconds (the database's clock decides). */
  ttlMs: number;
  /**
   * Resolves the unfinished settlements of a dead owner (settling or broadcast: look up their transactions, mark
   * them confirmed or failed, or adopt them with `updateSettlement(key, { owner })`). Without it, an account whose
   * previous owner left unfinished settlements is not taken over.
   */
  resolvePending?: ((previousOwner: string) => Promise<void>) | undefined;
};

/** The leased account, or `undefined` when none is available. */
export type AcquireSignerLeaseReturnType = string | undefined;

export type RenewSignerLeaseParameters = {
  owner?: string | undefined;
  account: string;
  ttlMs: number;
};

export type ReleaseSignerLeaseParameters = {
  owner?: string | undefined;
  account: string;
};
