import { type Address, BaseError, type Hex } from "viem";
import { getTransactionCount, sendRawTransaction } from "viem/actions";
import { keccak256 } from "../keccak/keccak256.js";
import type { FeeValues } from "./createFeeCache.js";
import type { NonceManager } from "./createNonceManager.js";
import { errorMessage } from "./errorMessage.js";
import { isInsufficientGasError } from "./isInsufficientGasError.js";
import { isTransportError } from "./isTransportError.js";
import type { FacilitatorSigner, NetworkContext } from "./types.js";

export type SendSettlementTransactionParameters = {
  context: NetworkContext;
  nonceManager: NonceManager;
  to: Address;
  data: Hex;
  gas: bigint;
  /** Persists the hash; called before the transaction leaves, and again for a retry's new hash. */
  onBroadcast: (transaction: Hex) => Promise<void>;
};

export type SendSettlementTransactionReturnType =
  /** The node accepted the transaction. */
  | { status: "sent"; hash: Hex }
  /** The transport failed while sending: the transaction may be out, its hash is the one to follow. */
  | { status: "unknown"; hash: Hex; message: string }
  /**
   * Nothing was sent (the node refused it, or the hash could not be persisted). `insufficientGas`: the node said
   * that the signer cannot pay for the transaction.
   */
  | { status: "refused"; message: string; insufficientGas?: boolean | undefined };

/** A transaction waiting for its round; `retried` once it has been re-signed after a nonce conflict. */
type Job = SendSettlementTransactionParameters & {
  retried: boolean;
  resolve: (result: SendSettlementTransactionReturnType) => void;
};

/** One account's transactions on one chain: those waiting for the next round, and those in the round out now. */
type Lane = { signer: FacilitatorSigner; waiting: Job[]; inRound: number; running: boolean };

/** What became of one transaction of a round. */
type Outcome = SendSettlementTransactionReturnType | { status: "conflict"; message: string };

/** The most transactions in one round; more wait for the next. */
const maxRound = 256;
const fillerGas = 21_000n;

const nonceConflict =
  /nonce too low|nonce too high|nonce has already been used|replacement transaction underpriced|invalid nonce/i;
const alreadyKnown = /already known|known transaction|already imported/i;
const fullMessage = (error: unknown) =>
  error instanceof BaseError
    ? `${error.message} ${error.details}`
    : error instanceof Error
      ? error.message
      : String(error);
const feeFields = (fees: FeeValues) =>
  fees.type === "eip1559"
    ? {
        type: "eip1559" as const,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      }
    : { type: "legacy" as const, gasPrice: fees.gasPrice };

// The lanes of each nonce manager: the schemes that share one (exact and upto) share the rounds of an account.
const lanesOf = new WeakMap<NonceManager, Map<string, Lane>>();

/**
 * Signs a settlement transaction locally and sends it, through the nonce manager so that concurrent settlements
 * never collide. Fees come from the per-block cache and the gas limit is fixed, so sending costs no RPC call of its
 * own. The hash goes to `onBroadcast` before `eth_sendRawTransaction`, so a crash after sending never loses it.
 *
 * Transactions of one account go out in rounds (issue 16): those that arrive while a round is out wait together for
 * the next one, which reserves their nonces at once, signs them in nonce order, persists every hash, and only then
 * sends them all together, in nonce order (one JSON-RPC batch on a batching transport, which keeps the order). An
 * account thus sends as many transactions per round trip as are waiting, instead of one. On a nonce conflict the
 * account's nonce is re-read from the chain and the transaction re-signed once, in the next round. Should the node
 * refuse a transaction of a round and take a later one, the refused nonce is filled with a transfer of nothing to
 * the account itself, so that the later ones are not stuck behind the gap. After a round whose request failed in
 * transport the next one re-reads the nonce, so that a transaction that never arrived leaves no gap either.
 */
export function sendSettlementTransaction(
  parameters: SendSettlementTransactionParameters,
): Promise<SendSettlementTransactionReturnType> {
  const { nonceManager, context } = parameters;
  const known = lanesOf.get(nonceManager) ?? new Map<string, Lane>();
  lanesOf.set(nonceManager, known);
  const laneOf = (signer: FacilitatorSigner) => {
    const key = `${context.chainId}:${signer.address.toLowerCase()}`;
    const lane = known.get(key) ?? { signer, waiting: [], inRound: 0, running: false };
    known.set(key, lane);
    return lane;
  };
  // With several signers, the one with the least work waiting or out (the first among equals).
  const lane = context.signers
    .map(laneOf)
    .reduce((best, next) =>
      next.waiting.length + next.inRound < best.waiting.length + best.inRound ? next : best,
    );
  return new Promise((resolve) => {
    lane.waiting.push({ ...parameters, retried: false, resolve });
    void drain(lane);
  });
}

/** Runs rounds while transactions wait; one round at a time per lane. */
async function drain(lane: Lane): Promise<void> {
  if (lane.running) return;
  lane.running = true;
  try {
    // Those submitted in the same turn of the event loop leave together.
    await Promise.resolve();
    while (lane.waiting.length > 0) {
      const jobs = lane.waiting.splice(0, maxRound);
      lane.inRound = jobs.length;
      const retry = await runRound(lane.signer, jobs).catch((error: unknown) => {
        for (const job of jobs)
          job.resolve({ status: "refused", message: `Not sent: ${errorMessage(error)}` });
        return [];
      });
      lane.waiting.unshift(...retry);
    }
  } finally {
    lane.inRound = 0;
    lane.running = false;
  }
}

/** One round: nonces, signatures, persisted hashes, then every transaction sent. Returns the jobs to re-sign. */
async function runRound(signer: FacilitatorSigner, jobs: Job[]): Promise<Job[]> {
  const { context, nonceManager } = jobs[0]!;
  const { client, chainId } = context;
  const key = { account: signer.address, chainId };
  const refuseAll = (error: unknown) => {
    for (const job of jobs) job.resolve({ status: "refused", message: `Not sent: ${errorMessage(error)}` });
    return [];
  };
  let fees: FeeValues;
  try {
    fees = await context.fees.get();
  } catch (error) {
    return refuseAll(error);
  }
  const fields = feeFields(fees);
  return nonceManager.withNonces(
    {
      ...key,
      count: jobs.length,
      chainNonce: () => getTransactionCount(client, { address: signer.address, blockTag: "pending" }),
      // Every hash below is persisted durably before any transaction leaves, which takes the reservation to disk
      // too when the nonces share the facilitator's store (core's StoreWriteDurability says what a lost one costs).
      durability: "committed",
    },
    async (nonces) => {
      // Signed in nonce order, every hash persisted before any transaction leaves. The first job that cannot be
      // signed or persisted ends what may leave: a later nonce must not go out without it.
      const signed: { job: Job; nonce: number; serialized: Hex; hash: Hex }[] = [];
      let stop: { index: number; error: unknown } | undefined;
      for (const [index, job] of jobs.entries()) {
        try {
          const serialized = await signer.signTransaction({
            chainId,
            nonce: nonces[index]!,
            to: job.to,
            data: job.data,
            gas: job.gas,
            value: 0n,
            ...fields,
          });
          signed.push({ job, nonce: nonces[index]!, serialized, hash: keccak256(serialized) });
        } catch (error) {
          stop = { index, error };
          break;
        }
      }
      const persisted = await Promise.allSettled(signed.map(({ job, hash }) => job.onBroadcast(hash)));
      const failed = persisted.findIndex((result) => result.status === "rejected");
      if (failed !== -1) stop = { index: failed, error: (persisted[failed] as PromiseRejectedResult).reason };
      const sendable = signed.slice(0, stop?.index ?? signed.length);

      // All at once and in nonce order: issued in one tick, a batching transport carries them in one request.
      const answers = await Promise.allSettled(
        sendable.map(({ serialized }) => sendRawTransaction(client, { serializedTransaction: serialized })),
      );
      const outcomes = answers.map((answer, index): Outcome => {
        const { hash } = sendable[index]!;
        if (answer.status === "fulfilled") return { status: "sent", hash };
        const error = answer.reason;
        if (isTransportError(error)) return { status: "unknown", hash, message: errorMessage(error) };
        const message = fullMessage(error);
        // The node already holds these exact bytes: the transaction is out.
        if (alreadyKnown.test(message)) return { status: "sent", hash };
        if (nonceConflict.test(message)) return { status: "conflict", message: errorMessage(error) };
        // The node's reason is in the details, which the short message leaves out.
        if (isInsufficientGasError(message))
          return {
            status: "refused",
            message: error instanceof BaseError && error.details ? error.details : errorMessage(error),
            insufficientGas: true,
          };
        return { status: "refused", message: errorMessage(error) };
      });

      // A nonce refused below one that went out is a gap that holds the later ones back: fill it.
      const out = (outcome: Outcome) => outcome.status === "sent" || outcome.status === "unknown";
      const lastOut = outcomes.findLastIndex(out);
      const gaps = outcomes.flatMap((outcome, index) =>
        index < lastOut && outcome.status === "refused" ? [sendable[index]!.nonce] : [],
      );
      const filled = gaps.length === 0 || (await fillGaps(context, signer, gaps, fields));
      // Unless the node took a transaction at every reserved nonce, the next round re-reads the chain's. A transaction
      // lost in transport is never sent again: should it not have reached the node, the next round takes its nonce,
      // so that nothing waits behind it and it can never land once its settlement is found unsent
      // (resolveSettlementBroadcast). Should the store fail here, the next round meets a nonce conflict and resets.
      const untaken = outcomes.some(
        (outcome, index) =>
          outcome.status === "conflict" || (outcome.status === "refused" && index > lastOut),
      );
      const unknown = outcomes.some((outcome) => outcome.status === "unknown");
      if (sendable.length < jobs.length || untaken || unknown || !filled)
        await nonceManager.reset(key).catch(() => {});

      const retry: Job[] = [];
      for (const [index, outcome] of outcomes.entries()) {
        const { job } = sendable[index]!;
        if (outcome.status !== "conflict") job.resolve(outcome);
        else if (job.retried) job.resolve({ status: "refused", message: outcome.message });
        else retry.push({ ...job, retried: true });
      }
      // Nothing of the rest was sent: the job that stopped the round is refused, the others wait for the next.
      for (const [index, job] of jobs.entries()) {
        if (index < sendable.length) continue;
        if (index === stop?.index)
          job.resolve({ status: "refused", message: `Not sent: ${errorMessage(stop.error)}` });
        else retry.push(job);
      }
      return retry;
    },
  );
}

/** Sends a transfer of nothing to itself at each nonce; true when the node took them all. */
async function fillGaps(
  context: NetworkContext,
  signer: FacilitatorSigner,
  nonces: readonly number[],
  fields: ReturnType<typeof feeFields>,
) {
  const { client, chainId } = context;
  try {
    const fillers = await Promise.all(
      nonces.map((nonce) =>
        signer.signTransaction({ chainId, nonce, to: signer.address, gas: fillerGas, value: 0n, ...fields }),
      ),
    );
    await Promise.all(
      fillers.map((serializedTransaction) => sendRawTransaction(client, { serializedTransaction })),
    );
    return true;
  } catch {
    return false;
  }
}
