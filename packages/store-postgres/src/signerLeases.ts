/**
 * Signer leases: each facilitator instance leases its own signer accounts from a pool shared through the database,
 * so that no two instances ever sign with the same account (their nonces would collide). The interface is core's
 * optional `SignerLeaseStore` part of a facilitator store; `createPostgresStore` implements it:
 *
 * - `acquireSignerLease` takes, in order: an account `owner` already holds (renewed); the first free account; the
 *   first expired account whose previous owner has no unfinished settlement. If it has some, the previous owner
 *   holds no other live lease (it is presumed dead) and `resolvePending` is given, the store awaits
 *   `resolvePending(previousOwner)` and checks again. One instance at a time examines an expired lease (a session
 *   advisory lock), so `resolvePending` never runs twice at once for one account. Whenever an account changes
 *   hands, its stored nonces (every chain) are forgotten, so the new owner reads them from the chain: a dead owner
 *   may have reserved nonces it never used.
 * - `renewSignerLease` is false once the lease was taken over (or released): stop signing with the account at
 *   once. Renew well within the ttl (every ttl/3, say).
 * - `releaseSignerLease` gives the account back; call it only once the account's transactions are resolved.
 */
export type {
  AcquireSignerLeaseParameters,
  AcquireSignerLeaseReturnType,
  ReleaseSignerLeaseParameters,
  RenewSignerLeaseParameters,
  SignerLeaseStore,
} from "@x402kit/core";
