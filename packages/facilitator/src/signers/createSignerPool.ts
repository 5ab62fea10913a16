import { setTimeout as sleep } from "node:timers/promises";
import type { FacilitatorStore, SignerLeaseStore } from "@x402kit/core";
import { addressKey, networkPatternSchema } from "@x402kit/types";
import type { Logger } from "pino";
import type { LocalAccount } from "viem";
import { z } from "zod";
import { FacilitatorConfigError } from "../errors/FacilitatorConfigError.js";
import { FacilitatorSignerError } from "../errors/FacilitatorSignerError.js";
import { isSignerLeaseStore } from "./isSignerLeaseStore.js";

/** What a scheme needs of a signer (the EVM facilitator's `FacilitatorSigner`): an address and local signing. */
export type PoolSigner = Pick<LocalAccount, "address" | "signTransaction">;

export type CreateSignerPoolParameters = {
  /** The accounts this instance may sign with (viem local accounts, e.g. `privateKeyToAccount`), in order. */
  accounts: readonly PoolSigner[];
  /** How long a lease lasts unless renewed; it is renewed every third of it. Default 15 000 ms. */
  leaseTtlMs?: number | undefined;
  /** How long `start` waits for an account to come free before it gives up. Default twice the ttl plus 5 s. */
  acquireTimeoutMs?: number | undefined;
  /**
   * The networks whose settlements sign with the pool (CAIP-2 ids or patterns). Default `["eip155:*"]`: a lease
   * exists because EVM transactions carry the account's nonce, which two instances must not share. A scheme whose
   * transactions carry no account sequence (Solana's carry a recent blockhash) signs with its own keys, and its
   * settlements do not wait for a lease.
   */
  networks?: readonly string[] | undefined;
};

export type StartSignerPoolParameters = {
  /** The facilitator's store: with a `SignerLeaseStore` (PostgreSQL) accounts are leased, else the first is used. */
  store: FacilitatorStore;
  /** The lease owner: the facilitator's instance id, which also owns its settlement records. */
  owner: string;
  /** Resolves a dead instance's unfinished settlements (before its account is taken over). */
  resolvePending: (previousOwner: string) => Promise<void>;
  /** Resolves when no settlement is in flight; awaited before the pool switches to another account. */
  idle: () => Promise<void>;
  logger: Logger;
};

export type SignerPoolStatus = {
  /** The account signed with now, if its lease is valid. */
  account: string | undefined;
  /** Whether accounts are leased through the store (else the first account is used, unshared). */
  leased: boolean;
  /** How long the current lease stays valid without a renewal, in milliseconds (0 without one). */
  validForMs: number;
};

export type SignerPool = {
  /**
   * The signer to give the schemes (e.g. `exactEvmFacilitator`'s `signer`): it signs with the account leased to this
   * instance and refuses to sign without a valid lease (nothing is sent then). Its `address` is that account (the
   * pool's first before `start`).
   */
  readonly signer: PoolSigner;
  readonly accounts: readonly string[];
  /** The network patterns whose settlements sign with the pool (and so wait for a lease). */
  readonly networks: readonly string[];
  /** The account leased now, while its lease is valid. */
  current(): string | undefined;
  status(): SignerPoolStatus;
  /**
   * Leases an account (createFacilitator's `recover()` calls it): waits up to `acquireTimeoutMs` for one to come
   * free, then renews it every ttl/3. A lease lost to another instance stops signing at once; once the settlements
   * in flight are done, the pool leases again. Throws FacilitatorSignerError when no account came free.
   */
  start(parameters: StartSignerPoolParameters): Promise<string>;
  /** Stops renewing, and gives the account back when `release` (its transactions are resolved). Idempotent. */
  stop(parameters?: { release?: boolean | undefined }): Promise<void>;
};

export type CreateSignerPoolReturnType = SignerPool;

export type CreateSignerPoolErrorType = FacilitatorConfigError | FacilitatorSignerError;

const accountShape = z.custom<PoolSigner>(
  (value) =>
    typeof (value as PoolSigner | null)?.address === "string" &&
    typeof (value as PoolSigner | null)?.signTransaction === "function",
  "expected a local account that can sign transactions (viem privateKeyToAccount)",
);

const parametersSchema = z.object({
  accounts: z
    .array(accountShape)
    .min(1, "give at least one account")
    .refine(
      (accounts) => new Set(accounts.map((account) => addressKey(account.address))).size === accounts.length,
      "the accounts must be distinct",
    ),
  leaseTtlMs: z.number().int().min(200).max(3_600_000).default(15_000),
  acquireTimeoutMs: z.number().int().min(0).max(3_600_000).optional(),
  networks: z.array(networkPatternSchema).min(1).default(["eip155:*"]),
});

type Lease = Omit<StartSignerPoolParameters, "store"> & { store: SignerLeaseStore };

/**
 * A pool of signer accounts from which this facilitator instance leases one, so that instances sharing a store
 * never sign with the same account (their transaction nonces would collide). The leases live in the store
 * (core's optional `SignerLeaseStore`, which `@x402kit/store-postgres` implements); a store without leases (memory,
 * SQLite: one process) gets the first account. The pool signs only while its lease is valid by the local clock,
 * counted from before the last successful renewal, with a margin: a lease that may have expired is never used.
 */
export function createSignerPool(parameters: CreateSignerPoolParameters): CreateSignerPoolReturnType {
  const parsed = parametersSchema.safeParse(parameters);
  if (!parsed.success)
    throw new FacilitatorConfigError(`createSignerPool: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  const { accounts: pool, leaseTtlMs: ttlMs } = parsed.data;
  const acquireTimeoutMs = parsed.data.acquireTimeoutMs ?? 2 * ttlMs + 5_000;
  const accounts = pool.map((account) => account.address);
  const byAddress = new Map(pool.map((account) => [account.address as string, account]));
  const margin = Math.max(50, Math.floor(ttlMs / 10));
  const retryMs = Math.min(2_000, Math.max(50, Math.floor(ttlMs / 4)));

  let held: { account: string; validUntil: number } | undefined;
  let lease: Lease | undefined;
  let lost = false;
  let stopped = false;
  let renewing = false;
  let timer: NodeJS.Timeout | undefined;
  let reacquiring: Promise<void> | undefined;

  const current = () =>
    held !== undefined && !lost && Date.now() < held.validUntil ? held.account : undefined;

  /** Leases an account, retrying until `deadline`. */
  async function acquire(active: Lease, deadline: number): Promise<string | undefined> {
    for (;;) {
      const sentAt = Date.now();
      const account = await active.store.acquireSignerLease({
        owner: active.owner,
        accounts,
        ttlMs,
        resolvePending: active.resolvePending,
      });
      if (account !== undefined) {
        held = { account, validUntil: sentAt + ttlMs - margin };
        lost = false;
        return account;
      }
      if (stopped || Date.now() >= deadline) return undefined;
      await sleep(Math.min(retryMs, Math.max(1, deadline - Date.now())));
    }
  }

  /** After a lost lease: waits for the settlements in flight, then leases again (any account of the pool). */
  function reacquire(active: Lease): void {
    reacquiring ??= (async () => {
      await active.idle();
      while (!stopped) {
        try {
          const account = await acquire(active, Date.now() + retryMs);
          if (account !== undefined) {
            active.logger.info({ account }, "signer lease acquired again");
            return;
          }
        } catch (error) {
          active.logger.warn({ err: error }, "cannot lease a signer account; retrying");
          await sleep(retryMs);
        }
      }
    })().finally(() => {
      reacquiring = undefined;
    });
  }

  async function renew(active: Lease): Promise<void> {
    if (renewing || stopped || held === undefined || lost) return;
    renewing = true;
    const { account } = held;
    const sentAt = Date.now();
    try {
      const renewed = await active.store.renewSignerLease({ owner: active.owner, account, ttlMs });
      if (held?.account !== account || stopped) return;
      if (renewed) {
        held.validUntil = sentAt + ttlMs - margin;
        return;
      }
      lost = true;
      active.logger.error({ account }, "signer lease taken over; no longer signing with this account");
      reacquire(active);
    } catch (error) {
      active.logger.warn(
        { err: error, account, validForMs: Math.max(0, held.validUntil - Date.now()) },
        "cannot renew the signer lease; signing stops when it runs out",
      );
    } finally {
      renewing = false;
    }
  }

  const signer: PoolSigner = {
    get address() {
      return (held?.account ?? accounts[0]) as PoolSigner["address"];
    },
    signTransaction: (async (transaction, options) => {
      const account = current();
      if (account === undefined)
        throw new FacilitatorSignerError(
          "No signer account is leased to this instance (its lease ran out or was taken over).",
        );
      return byAddress.get(account)!.signTransaction(transaction, options);
    }) as PoolSigner["signTransaction"],
  };

  return {
    signer,
    accounts,
    networks: parsed.data.networks,
    current,

    status() {
      const account = current();
      return {
        account,
        leased: lease !== undefined,
        validForMs: account === undefined ? 0 : Math.max(0, held!.validUntil - Date.now()),
      };
    },

    async start(startParameters) {
      const running = current();
      if (running !== undefined) return running;
      stopped = false;
      const { store, logger } = startParameters;
      if (!isSignerLeaseStore(store)) {
        if (accounts.length > 1)
          logger.warn(
            { account: accounts[0], pool: accounts.length },
            "the store cannot lease signer accounts (one process): the pool signs with its first account",
          );
        held = { account: accounts[0]!, validUntil: Number.POSITIVE_INFINITY };
        return accounts[0]!;
      }
      const active: Lease = { ...startParameters, store };
      lease = active;
      const account = await acquire(active, Date.now() + acquireTimeoutMs);
      if (account === undefined)
        throw new FacilitatorSignerError(
          `No signer account came free within ${acquireTimeoutMs} ms: the ${accounts.length} account(s) of the pool ` +
            "are leased by live instances, or by stopped ones whose transactions are still pending.",
          { details: { accounts, owner: active.owner } },
        );
      timer = setInterval(() => void renew(active), Math.max(50, Math.floor(ttlMs / 3)));
      timer.unref();
      return account;
    },

    async stop(stopParameters = {}) {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      await reacquiring;
      const active = lease;
      const account = held?.account;
      held = undefined;
      lease = undefined;
      if (active && account !== undefined && !lost && stopParameters.release)
        await active.store
          .releaseSignerLease({ owner: active.owner, account })
          .catch((error: unknown) =>
            active.logger.warn({ err: error, account }, "cannot release the signer lease"),
          );
    },
  };
}
