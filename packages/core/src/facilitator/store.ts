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
  /** Whether a successful answer was already handed out (one payment, one delivery). */
  acknowledged: boolean;
  /** Kept so that a restarted facilitator can resolve a broadcast settlement. */
  payload: PaymentPayload;
  requirements: PaymentRequirements;
  /** The instance that owns an unfinished settlement. */
  owner: string;
  createdAt: number;
  updatedAt: number;
};

export interface SettlementStore {
  /**
   * Creates the record in state `settling` if no record has this key. Atomic across every instance that shares the
   * store. Returns the existing record otherwise.
   */
  claimSettlement(
    record: SettlementRecord,
  ): Promise<{ claimed: true } | { claimed: false; record: SettlementRecord }>;
  updateSettlement(key: string, patch: Partial<Omit<SettlementRecord, "key">>): Promise<void>;
  /**
   * Sets `acknowledged` if it was false; true if this caller won. Atomic: exactly one caller gets true.
   */
  acknowledgeSettlement(key: string): Promise<boolean>;
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
  reserveNonce(account: string, chainId: number, chainNonce: () => Promise<number>): Promise<number>;
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
