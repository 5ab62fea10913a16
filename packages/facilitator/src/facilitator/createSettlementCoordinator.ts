import { setTimeout as sleep } from "node:timers/promises";
import {
  canonicalJson,
  type FacilitatorStore,
  type FeeApproval,
  refuseRepeatedSettlement,
  type SchemeFacilitator,
  type SchemePaymentParameters,
  type SettlementRecord,
  type StoreWriteOptions,
} from "@x402kit/core";
import { type SettleResponse, settleResponseSchema } from "@x402kit/types";
import type { Logger } from "pino";
import { settleFailure } from "./settleFailure.js";
import { settlePending } from "./settlePending.js";

export type CreateSettlementCoordinatorParameters = {
  store: FacilitatorStore;
  /** This instance's name: the owner of the records that it creates. */
  instanceId: string;
  /** How long a settle waits for another instance's unfinished claim before answering pending. */
  pendingWaitMs: number;
  /** How often that wait reads the store. */
  pollIntervalMs: number;
  /** How often that wait asks the chain about a broadcast transaction. */
  chainPollIntervalMs: number;
  /**
   * A record of another instance, still `settling` or `broadcast` with a transaction the node does not know, after
   * this long is abandoned (its owner died): it is deleted and the authorization settled again.
   */
  abandonedAfterMs: number;
  /** The fee caps (`createFeeBudget`), offered to the schemes as `SettleContext.approveFee`. */
  approveFee?: ((network: string, fee: { maximum: bigint }) => FeeApproval) | undefined;
  logger: Logger;
};

/** What `recover()` did with this instance's unfinished settlements. */
export type RecoverReturnType = {
  /** Broadcast settlements whose receipt arrived: now `confirmed` or `failed`. */
  confirmed: number;
  failed: number;
  /** Broadcast settlements still without a receipt; a later settle of the same payload resolves them. */
  pending: number;
  /** Records with nothing sent (`settling`, or a transaction the node never saw): deleted, so they can be retried. */
  deleted: number;
  /** Records that could not be examined (no scheme serves them, or the store or scheme failed). */
  errors: number;
};

export type SettlementCoordinator = {
  /**
   * Settles once per key, whoever asks and however often; see `createSettlementCoordinator`. `deliveryToken`: the
   * resource server's token (core's `withDeliveryToken`), if it sent one. Never throws.
   */
  settle(
    scheme: SchemeFacilitator,
    parameters: SchemePaymentParameters,
    key: string,
    deliveryToken?: string,
  ): Promise<SettleResponse>;
  /**
   * Resolves unfinished settlements: this instance's after a restart, or with `owner`, those of a dead instance
   * (whose signer lease expired), which are then treated as abandoned.
   */
  recover(
    findScheme: (record: SettlementRecord) => SchemeFacilitator | undefined,
    owner?: string,
  ): Promise<RecoverReturnType>;
  /** Resolves when every settlement in flight has an answer. */
  idle(): Promise<void>;
};

/**
 * An answer for a key, with the signed bytes of the payload that its record holds. `acknowledgedFor`: the delivery
 * token that the run acknowledged with its broadcast (see `createSettlementCoordinator`).
 */
type Outcome = { response: SettleResponse; signed: string; acknowledgedFor?: string };
/** What a broadcast turned out to be. */
type Resolution = { kind: "final" | "pending"; outcome: Outcome } | { kind: "unsent" };

const maxClaims = 3;
const signedBytes = (payload: SchemePaymentParameters["payload"]) => canonicalJson(payload.payload);

/** The writes that need not reach the disk before they resolve (core's StoreWriteDurability). */
const committed = { durability: "committed" } as const satisfies StoreWriteOptions;

/**
 * The facilitator's settlement state machine over the store (docs/architecture.md, step 5):
 *
 * - In process, concurrent settles of one key share one run (one transaction).
 * - Across instances and restarts, `claimSettlement` decides the owner. The owner settles, with `onBroadcast`
 *   recording `broadcast` and the hash before the transaction leaves, then records `confirmed` or `failed`. A
 *   failure with no transaction deletes the record (nothing was sent; the payer may try the same authorization
 *   again), and `settlement_pending` leaves it `broadcast`.
 * - Anyone else follows the record: a final answer is reused, a broadcast is resolved with the scheme's
 *   `resolveBroadcast`, and another owner's claim is awaited for `pendingWaitMs`, then answered as pending.
 * - One payment, one delivery: of all the callers that get a success for a key, the one that acknowledges it first
 *   in the store gets it as it is, and every other gets a failure (`invalid_transaction_state`, marked replayed), so that no resource
 *   server delivers twice (core's `refuseRepeatedSettlement`).
 *   The owner acknowledges for the caller that started the run, when it sent a delivery token, in the broadcast's
 *   durable write: the hash and the right to the delivery reach the disk together, and the success then needs no
 *   durable write of its own (a lost final state is resolved from the chain, and only that token takes the answer).
 *   A caller without a token could not take a lost answer again, so it is acknowledged once its success is known.
 *   Only a caller that presents the same signed bytes as the record may take the first delivery. A caller that sent
 *   a delivery token with the success it acknowledged gets it first-hand again when it presents the same token:
 *   the answer may never have reached it (a dropped connection, its own timeout), and only it knows the token.
 */
export function createSettlementCoordinator(
  parameters: CreateSettlementCoordinatorParameters,
): SettlementCoordinator {
  const { store, instanceId, pendingWaitMs, pollIntervalMs, chainPollIntervalMs, abandonedAfterMs } =
    parameters;
  const logger = parameters.logger;
  const inFlight = new Map<string, Promise<Outcome>>();
  const recovering = new Map<string, Promise<unknown>>();

  const errorMessage = (error: unknown) =>
    (error instanceof Error ? error.message : String(error)).slice(0, 300);

  /** Stores a settle answer on the record. `unsent`: nothing was broadcast, and the record is gone. */
  async function recordAnswer(
    key: string,
    response: SettleResponse,
    knownTransaction: string | undefined,
  ): Promise<"final" | "pending" | "unsent"> {
    const transaction = response.transaction || knownTransaction;
    const payer = response.payer ? { payer: response.payer } : {};
    // The final state need only be committed: a success is acknowledged durably before it is answered, and a lost
    // final state leaves the record `broadcast`, which recovery resolves from the chain (StoreWriteDurability).
    if (response.success) {
      await store.updateSettlement(key, { state: "confirmed", transaction, response, ...payer }, committed);
      return "final";
    }
    if (response.errorReason === "settlement_pending") {
      if (transaction) await store.updateSettlement(key, { state: "broadcast", transaction, ...payer });
      return "pending";
    }
    if (!response.transaction) {
      await store.deleteSettlement(key);
      return "unsent";
    }
    await store.updateSettlement(key, { state: "failed", transaction, response, ...payer }, committed);
    return "final";
  }

  async function settleAsOwner(
    scheme: SchemeFacilitator,
    payment: SchemePaymentParameters,
    key: string,
    deliveryToken: string | undefined,
  ): Promise<Outcome> {
    // Fees approved and not reported by the scheme: nothing paid if nothing was sent, else the most possible.
    const unreported = new Set<(amount: bigint | undefined) => void>();
    const outcome = await settleAsOwnerReporting(scheme, payment, key, deliveryToken, unreported);
    const sent = outcome.response.transaction !== "";
    for (const paid of unreported) paid(sent ? undefined : 0n);
    return outcome;
  }

  async function settleAsOwnerReporting(
    scheme: SchemeFacilitator,
    payment: SchemePaymentParameters,
    key: string,
    deliveryToken: string | undefined,
    unreported: Set<(amount: bigint | undefined) => void>,
  ): Promise<Outcome> {
    const signed = signedBytes(payment.payload);
    const { network } = payment.requirements;
    let sent: string | undefined;
    let response: SettleResponse;
    const { approveFee } = parameters;
    // The starting caller's acknowledgement, written with the hash (see createSettlementCoordinator).
    const acknowledgement = deliveryToken ? { acknowledged: true, deliveryToken } : {};
    try {
      const answer = await scheme.settle(payment, {
        onBroadcast: async (transaction) => {
          await store.updateSettlement(key, { state: "broadcast", transaction, ...acknowledgement });
          sent = transaction;
          logger.debug({ key, transaction }, "settlement broadcast");
        },
        ...(approveFee && {
          approveFee: (fee) => {
            const approval = approveFee(network, fee);
            if (!approval.approved) return approval;
            const paid = (amount: bigint | undefined) => {
              if (unreported.delete(paid)) approval.paid(amount);
            };
            unreported.add(paid);
            return { approved: true, paid };
          },
        }),
      });
      response = settleResponseSchema.parse(answer);
    } catch (error) {
      logger.error({ key, err: error }, "scheme settle threw");
      // Once a hash is recorded the transaction may be out: keep the record and answer pending.
      if (sent !== undefined)
        return {
          response: settlePending({ network, transaction: sent, message: errorMessage(error) }),
          signed,
        };
      await store.deleteSettlement(key);
      return {
        response: settleFailure({ network, reason: "unexpected_settle_error", message: errorMessage(error) }),
        signed,
      };
    }
    if (response.errorReason === "settlement_pending" && !response.transaction && sent)
      response = { ...response, transaction: sent };
    try {
      await recordAnswer(key, response, sent);
    } catch (error) {
      // The scheme answered but the store did not take it. With a transaction out, the record says `broadcast`,
      // so a retried settle resolves it from the chain; the payer must not sign again.
      logger.error({ key, err: error }, "cannot record the settlement outcome");
      const transaction = response.transaction || sent;
      return {
        response: transaction
          ? settlePending({ network, transaction, payer: response.payer })
          : settleFailure({ network, reason: "unexpected_settle_error", message: errorMessage(error) }),
        signed,
      };
    }
    return sent !== undefined && deliveryToken
      ? { response, signed, acknowledgedFor: deliveryToken }
      : { response, signed };
  }

  const isAbandoned = (record: SettlementRecord) =>
    record.owner === instanceId || Date.now() - record.updatedAt > abandonedAfterMs;

  /**
   * Resolves a `broadcast` record from the chain. An unsent transaction deletes an abandoned record (`ownerGone`:
   * its owner is known to be dead).
   */
  async function resolveRecord(
    scheme: SchemeFacilitator,
    record: SettlementRecord,
    ownerGone = false,
  ): Promise<Resolution> {
    const signed = signedBytes(record.payload);
    const pending = (): Resolution => ({
      kind: "pending",
      outcome: {
        response: settlePending({
          network: record.network,
          transaction: record.transaction,
          payer: record.payer,
        }),
        signed,
      },
    });
    if (!record.transaction || !scheme.resolveBroadcast) return pending();
    const resolved = await scheme.resolveBroadcast({
      transaction: record.transaction,
      network: record.network,
      requirements: record.requirements,
      payload: record.payload,
    });
    if (resolved === undefined) return pending();
    const response = settleResponseSchema.parse(resolved);
    const unsent =
      !response.success && !response.transaction && response.errorReason !== "settlement_pending";
    // The node does not know the transaction. Its owner may still be about to send it, unless it is gone.
    if (unsent && !ownerGone && !isAbandoned(record)) return pending();
    const kind = await recordAnswer(record.key, response, record.transaction);
    if (kind === "unsent") return { kind };
    if (kind === "pending")
      return { kind, outcome: { response: { ...response, transaction: record.transaction }, signed } };
    return { kind, outcome: { response, signed } };
  }

  /** The stored final answer of a confirmed or failed record. */
  function finalOutcome(record: SettlementRecord): Outcome {
    const response =
      record.response ??
      (record.state === "confirmed"
        ? {
            success: true,
            transaction: record.transaction ?? "",
            network: record.network,
            payer: record.payer,
          }
        : settleFailure({
            network: record.network,
            reason: "invalid_transaction_state",
            payer: record.payer,
          }));
    return { response, signed: signedBytes(record.payload) };
  }

  /**
   * Answers from a record that someone else claimed (or an earlier run left unfinished); "retry" when the record
   * went away. Waits up to `pendingWaitMs` for an outcome: it reads the store (the owner records the receipt) and,
   * for a broadcast transaction, asks the chain at once and then every `chainPollIntervalMs`. Then answers
   * pending, with the hash once there is one.
   */
  async function follow(scheme: SchemeFacilitator, record: SettlementRecord): Promise<Outcome | "retry"> {
    const deadline = Date.now() + pendingWaitMs;
    let current = record;
    let chainAskedAt = Number.NEGATIVE_INFINITY;
    for (;;) {
      if (current.state === "confirmed" || current.state === "failed") return finalOutcome(current);
      const now = Date.now();
      const expired = now >= deadline;
      if (current.state === "broadcast" || current.transaction) {
        if (expired || now - chainAskedAt >= chainPollIntervalMs) {
          chainAskedAt = now;
          const resolution = await resolveRecord(scheme, current);
          if (resolution.kind === "unsent") return "retry";
          if (resolution.kind === "final" || expired) return resolution.outcome;
        }
      } else if (isAbandoned(current)) {
        // `settling` with nothing sent (schemes call onBroadcast before they send), and its owner is gone.
        logger.warn({ key: current.key, owner: current.owner }, "deleting an abandoned settling record");
        await store.deleteSettlement(current.key);
        return "retry";
      } else if (expired) {
        return {
          response: settlePending({
            network: current.network,
            message:
              "Another settle of this authorization is in progress; settle the same payload again shortly.",
          }),
          signed: signedBytes(current.payload),
        };
      }
      await sleep(Math.max(1, Math.min(pollIntervalMs, deadline - Date.now())));
      const next = await store.getSettlement(current.key);
      if (!next) return "retry";
      current = next;
    }
  }

  async function run(
    scheme: SchemeFacilitator,
    payment: SchemePaymentParameters,
    key: string,
    deliveryToken: string | undefined,
  ): Promise<Outcome> {
    const { network } = payment.requirements;
    try {
      for (let attempt = 0; attempt < maxClaims; attempt++) {
        const now = Date.now();
        const claim = await store.claimSettlement(
          {
            key,
            state: "settling",
            network,
            acknowledged: false,
            payload: payment.payload,
            requirements: payment.requirements,
            owner: instanceId,
            createdAt: now,
            updatedAt: now,
            // Committed is enough: nothing leaves before the broadcast hash, written durably after the claim.
          },
          committed,
        );
        if (claim.claimed) return await settleAsOwner(scheme, payment, key, deliveryToken);
        const followed = await follow(scheme, claim.record);
        if (followed !== "retry") return followed;
      }
      return {
        response: settleFailure({
          network,
          reason: "unexpected_settle_error",
          message: "The settlement record kept changing; settle again.",
        }),
        signed: signedBytes(payment.payload),
      };
    } catch (error) {
      logger.error({ key, err: error }, "settlement failed");
      return {
        response: settleFailure({ network, reason: "unexpected_settle_error", message: errorMessage(error) }),
        signed: signedBytes(payment.payload),
      };
    }
  }

  async function recoverOne(
    record: SettlementRecord,
    findScheme: (record: SettlementRecord) => SchemeFacilitator | undefined,
    ownerGone: boolean,
  ): Promise<keyof RecoverReturnType> {
    if (record.state === "settling" && !record.transaction) {
      await store.deleteSettlement(record.key);
      return "deleted";
    }
    const scheme = findScheme(record);
    if (!scheme) {
      logger.warn({ key: record.key, network: record.network }, "no scheme serves an unfinished settlement");
      return "errors";
    }
    const resolution = await resolveRecord(scheme, record, ownerGone);
    if (resolution.kind === "unsent") return "deleted";
    if (resolution.kind === "pending") return "pending";
    return resolution.outcome.response.success ? "confirmed" : "failed";
  }

  return {
    async settle(scheme, payment, key, deliveryToken) {
      await recovering.get(key);
      let shared = inFlight.get(key);
      if (!shared) {
        const started = run(scheme, payment, key, deliveryToken);
        shared = started;
        inFlight.set(key, started);
        void started.finally(() => {
          if (inFlight.get(key) === started) inFlight.delete(key);
        });
      }
      const outcome = await shared;
      const { response } = outcome;
      if (!response.success) return response;
      if (outcome.signed !== signedBytes(payment.payload)) return refuseRepeatedSettlement(response);
      if (deliveryToken && outcome.acknowledgedFor === deliveryToken) return response;
      return (await store.acknowledgeSettlement(key, deliveryToken))
        ? response
        : refuseRepeatedSettlement(response);
    },

    async recover(findScheme, owner = instanceId) {
      const counts: RecoverReturnType = { confirmed: 0, failed: 0, pending: 0, deleted: 0, errors: 0 };
      const records = await store.listUnfinishedSettlements(owner);
      await Promise.all(
        records.map(async (record) => {
          // A settlement in flight here is not unfinished business from an earlier run.
          if (inFlight.has(record.key) || recovering.has(record.key)) return;
          const job = recoverOne(record, findScheme, owner !== instanceId).catch((error: unknown) => {
            logger.error({ key: record.key, err: error }, "cannot recover a settlement");
            return "errors" as const;
          });
          recovering.set(record.key, job);
          try {
            counts[await job]++;
          } finally {
            recovering.delete(record.key);
          }
        }),
      );
      return counts;
    },

    async idle() {
      await Promise.allSettled([...inFlight.values(), ...recovering.values()]);
    },
  };
}
