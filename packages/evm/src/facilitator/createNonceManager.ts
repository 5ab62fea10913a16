import { createMemoryStore, type NonceStore, type StoreWriteDurability } from "@x402kit/core";

export type NonceManagerKey = {
  /** The sending account. */
  account: string;
  chainId: number;
};

export type NonceReservation = NonceManagerKey & {
  /** Reads the account's pending nonce on-chain; called when the store has none for the account. */
  chainNonce: () => Promise<number>;
  /**
   * How durable the store's write must be before the nonces are handed out (core's `StoreWriteDurability`).
   * Default `durable`; `committed` only when a durable write of the store follows before any transaction leaves.
   */
  durability?: StoreWriteDurability | undefined;
};

export type NonceManager = {
  /** Reserves the next nonce. Atomic per (account, chainId): concurrent callers get consecutive nonces. */
  reserve(parameters: NonceReservation): Promise<number>;
  /**
   * Reserves the next nonce and runs `use` with it while holding the (account, chainId) lock, so that transactions
   * are signed and handed to the node in nonce order (a node that cannot queue, like an automining Hardhat, refuses
   * gaps). Other reservations for the same key wait until `use` settles.
   */
  withNonce<result>(parameters: NonceReservation, use: (nonce: number) => Promise<result>): Promise<result>;
  /**
   * `withNonce` for a round of `count` transactions: reserves `count` nonces (consecutive, in one store write when the
   * store has `reserveNonces`) and runs `use` with them, in order, while holding the lock.
   */
  withNonces<result>(
    parameters: NonceReservation & { count: number },
    use: (nonces: readonly number[]) => Promise<result>,
  ): Promise<result>;
  /** Forgets the account's nonce (after a nonce error or an unused reservation); the next one re-reads the chain. */
  reset(parameters: NonceManagerKey): Promise<void>;
};

export type CreateNonceManagerParameters = {
  /** Where reservations live. Default: core's `createMemoryStore()` (one process). Pass the facilitator's store. */
  store?: NonceStore | undefined;
};

export type CreateNonceManagerReturnType = NonceManager;

/**
 * The facilitator's nonce manager for its own signer accounts: hands out transaction nonces without asking the
 * chain each time, so that concurrent settlements never collide (x402 notes: "it must manage its own account's
 * nonce"). Reservations for one (account, chainId) run one at a time in this process; the store makes them
 * durable and, for a shared store, atomic across processes.
 */
export function createNonceManager(
  parameters: CreateNonceManagerParameters = {},
): CreateNonceManagerReturnType {
  const store = parameters.store ?? createMemoryStore();
  const tails = new Map<string, Promise<unknown>>();
  const keyOf = ({ account, chainId }: NonceManagerKey) => `${chainId}:${account.toLowerCase()}`;

  const reserveAll = async ({
    account,
    chainId,
    chainNonce,
    count,
    durability,
  }: NonceReservation & { count: number }) => {
    const options = { durability };
    if (store.reserveNonces) {
      const first = await store.reserveNonces(account, chainId, count, chainNonce, options);
      return Array.from({ length: count }, (_, i) => first + i);
    }
    const nonces: number[] = [];
    for (let i = 0; i < count; i++)
      nonces.push(await store.reserveNonce(account, chainId, chainNonce, options));
    return nonces;
  };

  const withNonces = async <result>(
    reservation: NonceReservation & { count: number },
    use: (nonces: readonly number[]) => Promise<result>,
  ): Promise<result> => {
    const key = keyOf(reservation);
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(async () => use(await reserveAll(reservation)));
    const tail = run.catch(() => {});
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
  const withNonce = <result>(reservation: NonceReservation, use: (nonce: number) => Promise<result>) =>
    withNonces({ ...reservation, count: 1 }, (nonces) => use(nonces[0]!));

  return {
    reserve: (reservation) => withNonce(reservation, async (nonce) => nonce),
    withNonce,
    withNonces,
    reset: ({ account, chainId }) => store.resetNonce(account, chainId),
  };
}
