import { hostname } from "node:os";
import {
  createMemoryStore,
  createSchemeRegistry,
  type FacilitatorLike,
  type FacilitatorStore,
  isDiscoveryStore,
  isReplayedSettlement,
  isRetentionStore,
  markReplayedSettlement,
  type RetentionStore,
  readDeliveryToken,
  requirementsMatch,
  type SchemeFacilitator,
  type SchemePaymentParameters,
  type SettlementRecord,
} from "@x402kit/core";
import {
  bazaarExtensionKey,
  caip2ToV1Network,
  matchesNetworkPattern,
  type SettleResponse,
  type SupportedResponse,
  type VerifyResponse,
  v1NetworkToCaip2,
  verifyResponseSchema,
} from "@x402kit/types";
import { type Logger, pino } from "pino";
import { z } from "zod";
import { createDiscoveryCatalog, type DiscoveryCatalog } from "../discovery/createDiscoveryCatalog.js";
import { FacilitatorConfigError } from "../errors/FacilitatorConfigError.js";
import type { SignerPool } from "../signers/createSignerPool.js";
import { isSignerLeaseStore } from "../signers/isSignerLeaseStore.js";
import { createTelemetry, type FacilitatorTelemetry } from "../telemetry/createTelemetry.js";
import { traceScheme } from "../telemetry/traceScheme.js";
import { traceStore } from "../telemetry/traceStore.js";
import {
  checkSettlementPolicy,
  type SettlementPolicy,
  settlementPolicySchema,
} from "./checkSettlementPolicy.js";
import { createFeeBudget } from "./createFeeBudget.js";
import { createSettlementCoordinator, type RecoverReturnType } from "./createSettlementCoordinator.js";
import { mergeSupported } from "./mergeSupported.js";
import { type ParsedFacilitatorRequest, parseFacilitatorRequest } from "./parseFacilitatorRequest.js";
import { paymentIdentifierExtension, readPaymentIdentifier } from "./readPaymentIdentifier.js";
import { settleFailure } from "./settleFailure.js";

export type CreateFacilitatorParameters = {
  /** The facilitator sides of the schemes to serve, e.g. `exactEvmFacilitator({ networks })`. */
  schemes: readonly SchemeFacilitator[];
  /**
   * Settlement records, nonces and idempotency ids. Default: in memory (`createMemoryStore`), which forgets them on
   * restart; use `createSqliteStore` (the CLI's default) to survive one. `close()` closes it.
   */
  store?: FacilitatorStore | undefined;
  /**
   * This instance's name in the store: the owner of its unfinished settlements, which `recover()` resumes, and of
   * its signer lease. Keep it stable across restarts and unique among the instances sharing a store. Default: the
   * host name; with a signer pool on a store that leases (PostgreSQL), the host name and the process id.
   */
  instanceId?: string | undefined;
  /**
   * The signer accounts to lease from (`createSignerPool`), whose `signer` the schemes sign with. `recover()` leases
   * one through the store (`SignerLeaseStore`; without it, the first account is used), and settle refuses to start
   * a settlement while this instance holds no valid lease. `close()` gives the lease back.
   */
  signerPool?: SignerPool | undefined;
  /** OpenTelemetry tracer and meter (`@opentelemetry/api`). Default: none, and no telemetry. */
  telemetry?: FacilitatorTelemetry | undefined;
  /** Default: pino at `info` on stdout. */
  logger?: Logger | undefined;
  /** How long a settle waits for another instance's settlement of the same authorization. Default 5 000 ms. */
  pendingWaitMs?: number | undefined;
  /** Extra checks for `health()` (e.g. the RPC), each given 3 s. */
  healthChecks?: Record<string, () => Promise<unknown>> | undefined;
  /** How long `close()` waits for settlements in flight. Default 15 000 ms. */
  closeTimeoutMs?: number | undefined;
  /**
   * Forget finished settlement records (and `payment-identifier` ids) `finishedMs` after they finished, checking
   * every `everyMs` (default one hour). The store must be a `RetentionStore` (memory, SQLite and PostgreSQL are).
   * Default: keep everything. The chain, not the record, stops an old authorization from paying twice.
   */
  retention?: { finishedMs: number; everyMs?: number | undefined } | undefined;
  /**
   * The `bazaar` extension (extensions/bazaar.md): catalog the resource of each settled payment that declares it,
   * and list the catalog (`discovery`, `GET /discovery/resources`). Default: on when the store keeps a catalog
   * (`DiscoveryStore`: memory, SQLite and PostgreSQL do). A declaration that fails validation is not catalogued;
   * the payment settles all the same.
   */
  discovery?: boolean | undefined;
  /**
   * Which payments this facilitator verifies and settles (networks, assets, payTo lists, amounts, a hook), checked
   * before the scheme makes any RPC call or transaction, and the fees it pays (`maxFee`, checked at settle before
   * anything is sent). Default: whatever the schemes accept, at any fee.
   */
  policy?: SettlementPolicy | undefined;
};

export type FacilitatorHealthCheck = { ok: boolean; ms: number; error?: string | undefined };

export type FacilitatorHealth = {
  ok: boolean;
  instanceId: string;
  store: FacilitatorHealthCheck;
  schemes: FacilitatorHealthCheck;
  checks: Record<string, FacilitatorHealthCheck>;
  /** The account this instance signs with, with a signer pool. */
  signer?: { ok: boolean; account?: string | undefined; validForMs: number } | undefined;
};

/** A facilitator in process: what a resource server needs (core's `FacilitatorLike`), plus its lifecycle. */
export type Facilitator = FacilitatorLike & {
  readonly instanceId: string;
  readonly store: FacilitatorStore;
  readonly logger: Logger;
  readonly signerPool: SignerPool | undefined;
  /** The discovery catalog (spec v2 §8), when the `bazaar` extension is on. */
  readonly discovery: Pick<DiscoveryCatalog, "list" | "search"> | undefined;
  /**
   * Leases a signer account (with a signer pool), then resumes this instance's unfinished settlements after a
   * restart. Call it at start-up, once the port is bound (so that a second instance on a busy port never resolves
   * another's settlements); a settle that arrives meanwhile waits for it. A call while one runs, or after one
   * succeeded, returns that run; after a failure it tries again.
   */
  recover(): Promise<RecoverReturnType>;
  /** Checks the store, the schemes and the extra checks (for `GET /healthz`). */
  health(): Promise<FacilitatorHealth>;
  /** Refuses new work, waits (bounded) for settlements in flight, then closes the store. Idempotent. */
  close(): Promise<void>;
};

export type CreateFacilitatorReturnType = Facilitator;

export type CreateFacilitatorErrorType = FacilitatorConfigError;

const schemeShape = z.custom<SchemeFacilitator>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as SchemeFacilitator).scheme === "string" &&
    Array.isArray((value as SchemeFacilitator).networks) &&
    ["supportedKinds", "signers", "verify", "settle", "settlementKey"].every(
      (method) => typeof (value as unknown as Record<string, unknown>)[method] === "function",
    ),
  "expected the facilitator side of a scheme (supportedKinds, signers, verify, settle, settlementKey)",
);

const storeMethods = [
  "claimSettlement",
  "updateSettlement",
  "acknowledgeSettlement",
  "getSettlement",
  "listUnfinishedSettlements",
  "deleteSettlement",
  "reserveNonce",
  "resetNonce",
  "putIdempotency",
  "updateIdempotency",
  "ping",
  "close",
] as const satisfies readonly (keyof FacilitatorStore)[];
const storeShape = z.custom<FacilitatorStore>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    storeMethods.every((method) => typeof (value as Record<string, unknown>)[method] === "function"),
  "expected a FacilitatorStore (createSqliteStore, createMemoryStore)",
);

const signerPoolShape = z.custom<SignerPool>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    ["start", "stop", "current", "status"].every(
      (method) => typeof (value as unknown as Record<string, unknown>)[method] === "function",
    ),
  "expected a signer pool (createSignerPool)",
);
const telemetryShape = z
  .object({
    tracer: z
      .custom((value) => typeof (value as { startSpan?: unknown } | null)?.startSpan === "function", {
        message: "expected an OpenTelemetry Tracer",
      })
      .optional(),
    meter: z
      .custom(
        (value) => typeof (value as { createHistogram?: unknown } | null)?.createHistogram === "function",
        {
          message: "expected an OpenTelemetry Meter",
        },
      )
      .optional(),
  })
  .optional();

const parametersSchema = z.object({
  schemes: z.array(schemeShape).min(1, "give at least one scheme"),
  store: storeShape.optional(),
  signerPool: signerPoolShape.optional(),
  telemetry: telemetryShape,
  instanceId: z.string().min(1).max(200).optional(),
  pendingWaitMs: z.number().int().min(0).max(600_000).default(5_000),
  closeTimeoutMs: z.number().int().min(0).max(600_000).default(15_000),
  discovery: z.boolean().optional(),
  policy: settlementPolicySchema.optional(),
  retention: z
    .object({
      finishedMs: z.number().int().min(60_000, "keep finished records at least a minute"),
      everyMs: z.number().int().min(1_000).max(86_400_000).default(3_600_000),
    })
    .optional(),
  healthChecks: z
    .record(
      z.string(),
      z.custom<() => Promise<unknown>>((v) => typeof v === "function"),
    )
    .optional(),
});

const healthTimeoutMs = 3_000;

/** The facilitator's own extensions, listed in `GET /supported` (and `bazaar` with a discovery catalog). */
const facilitatorExtensions = [paymentIdentifierExtension];

/**
 * An x402 facilitator (spec v2 §7) over the given schemes. Validates every request with the shared schemas,
 * normalises v1 to v2 for the schemes and answers in the request's version, and settles each authorization at most
 * once, safely under concurrency, across restarts and across instances that share the store (see
 * `createSettlementCoordinator`). Supports the `payment-identifier` extension. verify and settle never throw: an
 * exception becomes `unexpected_verify_error` / `unexpected_settle_error` with a message.
 */
export function createFacilitator(parameters: CreateFacilitatorParameters): CreateFacilitatorReturnType {
  const parsed = parametersSchema.safeParse(parameters);
  if (!parsed.success)
    throw new FacilitatorConfigError(`createFacilitator: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  const { pendingWaitMs, closeTimeoutMs, signerPool } = parsed.data;
  const healthChecks = parsed.data.healthChecks ?? {};
  const givenStore = parsed.data.store ?? createMemoryStore();
  const leases = signerPool !== undefined && isSignerLeaseStore(givenStore);
  // Instances that share a store and lease signers must have distinct names: the lease goes to its owner's name.
  const instanceId = parsed.data.instanceId ?? (leases ? `${hostname()}:${process.pid}` : hostname());
  const logger = parameters.logger ?? pino({ level: "info", name: "x402kit-facilitator" });
  const telemetry = createTelemetry(parameters.telemetry);
  const store = traceStore(givenStore, telemetry);
  const schemes = parsed.data.schemes.map((scheme) => traceScheme(scheme, telemetry));
  const registry = createSchemeRegistry(schemes);
  const policy = parsed.data.policy && checkSettlementPolicy(parsed.data.policy);
  const maxFee = parsed.data.policy?.maxFee;
  const feeBudget = maxFee && createFeeBudget({ limits: maxFee });
  const coordinator = createSettlementCoordinator({
    store,
    instanceId,
    pendingWaitMs,
    pollIntervalMs: Math.min(100, Math.max(10, Math.floor(pendingWaitMs / 20))),
    chainPollIntervalMs: 500,
    abandonedAfterMs: 120_000,
    approveFee: feeBudget && ((network, fee) => feeBudget.approve(network, fee)),
    logger,
  });
  const findRecordScheme = (record: SettlementRecord) =>
    registry.find(record.requirements.scheme, record.requirements.network);
  let closing: Promise<void> | undefined;
  const active = new Set<Promise<unknown>>();

  if (parsed.data.discovery === true && !isDiscoveryStore(store))
    throw new FacilitatorConfigError(
      "createFacilitator: `discovery` needs a store that keeps a catalog (DiscoveryStore).",
    );
  const discovery =
    parsed.data.discovery !== false && isDiscoveryStore(store)
      ? createDiscoveryCatalog({ store, logger })
      : undefined;
  const extensions = discovery ? [...facilitatorExtensions, bazaarExtensionKey] : facilitatorExtensions;

  const { retention } = parsed.data;
  if (retention && !isRetentionStore(store))
    throw new FacilitatorConfigError(
      "createFacilitator: `retention` needs a store that can prune (RetentionStore).",
    );
  let pruning: Promise<unknown> | undefined;
  const prune = (finishedMs: number, pruner: RetentionStore) => {
    if (closing || pruning) return;
    const before = Date.now() - finishedMs;
    pruning = pruner
      .pruneFinished({ before })
      .then(
        (pruned) => {
          if (pruned.settlements + pruned.idempotency > 0)
            logger.info({ ...pruned, before: new Date(before).toISOString() }, "pruned finished records");
        },
        (error: unknown) => logger.warn({ error: message(error) }, "could not prune finished records"),
      )
      .finally(() => {
        pruning = undefined;
      });
  };
  const pruneTimer =
    retention && isRetentionStore(store)
      ? setInterval(() => prune(retention.finishedMs, store), retention.everyMs).unref()
      : undefined;

  const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

  /** The scheme for a request (spec v2 §7: by scheme and network), or why there is none. */
  function findScheme(
    request: ParsedFacilitatorRequest,
    operation: "verify" | "settle",
  ): { ok: true; scheme: SchemeFacilitator } | { ok: false; reason: string; message: string } {
    const { requirements, paid } = request;
    if (paid.scheme !== requirements.scheme)
      return {
        ok: false,
        reason: "invalid_scheme",
        message: `The payload pays scheme "${paid.scheme}" but the requirements ask for "${requirements.scheme}".`,
      };
    if (paid.network !== requirements.network)
      return {
        ok: false,
        reason: "invalid_network",
        message: `The payload pays on ${paid.network} but the requirements ask for ${requirements.network}.`,
      };
    const scheme = registry.find(requirements.scheme, requirements.network);
    // `accepted` must be the requirements it is checked against (spec v2 §5.2.2), less the scheme's construction
    // hints. At settle the amount may differ: a variable-amount scheme settles what was used (spec v2 §7.2 note),
    // and the scheme checks it.
    if (request.x402Version === 2) {
      const accepted = request.payload.accepted;
      const compared = operation === "settle" ? { ...accepted, amount: requirements.amount } : accepted;
      if (!requirementsMatch(compared, requirements, { ignoreExtra: scheme?.extraHints }))
        return {
          ok: false,
          reason: "invalid_payment_requirements",
          message: "The payload's `accepted` is not the payment requirements it is checked against.",
        };
    }
    if (scheme) return { ok: true, scheme };
    if (schemes.some((candidate) => candidate.scheme === requirements.scheme))
      return {
        ok: false,
        reason: "invalid_network",
        message: `The "${requirements.scheme}" scheme is not served on ${requirements.network}.`,
      };
    return {
      ok: false,
      reason: "unsupported_scheme",
      message: `The "${requirements.scheme}" scheme is not supported by this facilitator.`,
    };
  }

  /** Answers a v1 request in v1 form: the network by its v1 name (spec v1 §5.3). */
  const inVersion = (x402Version: 1 | 2, response: SettleResponse): SettleResponse =>
    x402Version === 1
      ? { ...response, network: caip2ToV1Network(response.network) ?? response.network }
      : response;

  const shuttingDown = "The facilitator is shutting down.";

  /** Runs a verify or settle, so that `close()` can wait for it. */
  function tracked<result>(work: Promise<result>): Promise<result> {
    active.add(work);
    void work.finally(() => active.delete(work)).catch(() => undefined);
    return work;
  }

  async function verifyRequest(body: Parameters<FacilitatorLike["verify"]>[0]): Promise<VerifyResponse> {
    const invalid = (reason: string, why: string, payer?: string): VerifyResponse => ({
      isValid: false,
      invalidReason: reason,
      invalidMessage: why,
      ...(payer ? { payer } : {}),
    });
    if (closing) return invalid("unexpected_verify_error", shuttingDown);
    try {
      const parsedRequest = parseFacilitatorRequest(body);
      if (!parsedRequest.ok) return invalid(parsedRequest.reason, parsedRequest.message);
      const request = parsedRequest.request;
      const found = findScheme(request, "verify");
      if (!found.ok) return invalid(found.reason, found.message);
      const refused = await policy?.({
        operation: "verify",
        requirements: request.requirements,
        payload: request.payload,
      });
      if (refused) return invalid(refused.reason, refused.message);
      const identifier = readPaymentIdentifier(request.payload);
      if (!identifier.ok) return invalid("invalid_payload", identifier.message);
      const payment: SchemePaymentParameters = {
        payload: request.payload,
        requirements: request.requirements,
      };
      const response = verifyResponseSchema.parse(await found.scheme.verify(payment));
      if (response.isValid && identifier.identifier) {
        const { id, payloadHash } = identifier.identifier;
        const put = await store.putIdempotency({ id, payloadHash, createdAt: Date.now() });
        if (!put.stored && put.record.payloadHash !== payloadHash)
          return invalid("payment_identifier_conflict", conflictMessage, response.payer);
      }
      return response;
    } catch (error) {
      logger.error({ err: error }, "verify failed");
      return invalid("unexpected_verify_error", message(error));
    }
  }

  async function settleRequest(body: Parameters<FacilitatorLike["settle"]>[0]): Promise<SettleResponse> {
    const parsedRequest = parseFacilitatorRequest(body);
    if (!parsedRequest.ok)
      return settleFailure({
        network: parsedRequest.network,
        reason: parsedRequest.reason,
        message: parsedRequest.message,
      });
    const request = parsedRequest.request;
    const { network } = request.requirements;
    const answer = (response: SettleResponse) => inVersion(request.x402Version, response);
    const found = findScheme(request, "settle");
    if (!found.ok) return answer(settleFailure({ network, reason: found.reason, message: found.message }));
    const scheme = found.scheme;
    // Before any transaction: a refusal spends nothing.
    const refused = await policy?.({
      operation: "settle",
      requirements: request.requirements,
      payload: request.payload,
    });
    if (refused) return answer(settleFailure({ network, reason: refused.reason, message: refused.message }));
    const payment: SchemePaymentParameters = { payload: request.payload, requirements: request.requirements };

    // x402kit's delivery token (core's `withDeliveryToken`): the resource server that took the first delivery.
    const deliveryToken = readDeliveryToken(body);

    // extensions/payment_identifier.md: same id and payload, the stored outcome; another payload, a conflict.
    const identifier = readPaymentIdentifier(request.payload);
    if (!identifier.ok)
      return answer(settleFailure({ network, reason: "invalid_payload", message: identifier.message }));
    let stored: SettleResponse | undefined;
    if (identifier.identifier) {
      const { id, payloadHash } = identifier.identifier;
      const put = await store.putIdempotency({ id, payloadHash, createdAt: Date.now() });
      if (!put.stored && put.record.payloadHash !== payloadHash)
        return answer(
          settleFailure({ network, reason: "payment_identifier_conflict", message: conflictMessage }),
        );
      stored = put.stored ? undefined : put.record.response;
      // A stored success was delivered when it was first answered; with a delivery token, the settlement record
      // decides below whether this caller is the one it was delivered to.
      if (stored && !(stored.success && deliveryToken))
        return answer(stored.success ? markReplayedSettlement(stored) : stored);
    }

    const key = scheme.settlementKey(payment);
    if (key === undefined) {
      // The payload does not name an authorization: verify says why.
      const verified = verifyResponseSchema.parse(await scheme.verify(payment));
      return answer(
        settleFailure({
          network,
          reason: verified.isValid ? "invalid_payload" : (verified.invalidReason ?? "invalid_payload"),
          message: verified.invalidMessage ?? "The payload does not name an authorization.",
          payer: verified.payer,
        }),
      );
    }
    const response = await coordinator.settle(scheme, payment, key, deliveryToken);
    const final =
      response.success || (response.transaction !== "" && response.errorReason !== "settlement_pending");
    if (identifier.identifier && final && !stored)
      await store.updateIdempotency(identifier.identifier.id, response).catch((error: unknown) => {
        logger.error({ err: error }, "cannot store the payment-identifier outcome");
      });
    // extensions/bazaar.md: a settled payment catalogs its resource; the outcome rides in the response's extensions.
    if (discovery && request.x402Version === 2 && response.success && !isReplayedSettlement(response)) {
      const bazaar = await discovery.catalog(request.payload, request.requirements);
      if (bazaar) return answer({ ...response, extensions: { ...response.extensions, bazaar } });
    }
    return answer(response);
  }

  async function settle(body: Parameters<FacilitatorLike["settle"]>[0]): Promise<SettleResponse> {
    const started = performance.now();
    // A settle that arrives while `recover()` runs (the server may listen first) waits for it.
    if (recovering) await recovering.catch(() => undefined);
    if (closing)
      return settleFailure({ network: "", reason: "unexpected_settle_error", message: shuttingDown });
    const requested = requestAttributes(body)["x402.network"] ?? "";
    const network = v1NetworkToCaip2(requested) ?? requested;
    if (
      signerPool &&
      signerPool.current() === undefined &&
      signerPool.networks.some((pattern) => matchesNetworkPattern(network, pattern))
    )
      return settleFailure({
        network: requested,
        reason: "unexpected_settle_error",
        message: "No signer account is leased to this instance; settle again shortly.",
      });
    try {
      const response = await settleRequest(body);
      logger.debug(
        {
          success: response.success,
          reason: response.errorReason,
          transaction: response.transaction || undefined,
          network: response.network,
          ms: Math.round(performance.now() - started),
        },
        "settle",
      );
      // Every failure at warn with its reason, so that an operator sees them (a refusal by policy included).
      if (!response.success)
        logger.warn(
          {
            reason: response.errorReason,
            message: response.errorMessage,
            network: response.network,
            transaction: response.transaction || undefined,
            payer: response.payer,
          },
          "settlement failed",
        );
      return response;
    } catch (error) {
      logger.error({ err: error }, "settle failed");
      const network = parseFacilitatorRequest(body);
      return settleFailure({
        network: network.ok ? network.request.requirements.network : network.network,
        reason: "unexpected_settle_error",
        message: message(error),
      });
    }
  }

  /** verify, in a span, measured. */
  function observedVerify(body: Parameters<FacilitatorLike["verify"]>[0]): Promise<VerifyResponse> {
    const attributes = requestAttributes(body);
    return telemetry.span("x402.facilitator.verify", attributes, async (span) => {
      const started = performance.now();
      const response = await verifyRequest(body);
      const outcome = {
        ...attributes,
        "x402.outcome": response.isValid ? "valid" : "invalid",
        "x402.reason": response.isValid ? "none" : (response.invalidReason ?? "unknown"),
      };
      span?.setAttributes({ ...outcome, ...(response.payer ? { "x402.payer": response.payer } : {}) });
      telemetry.recordVerify((performance.now() - started) / 1000, outcome);
      return response;
    });
  }

  /** settle, in a span, measured, counted in flight. */
  function observedSettle(body: Parameters<FacilitatorLike["settle"]>[0]): Promise<SettleResponse> {
    const attributes = requestAttributes(body);
    return telemetry.span("x402.facilitator.settle", attributes, async (span) => {
      const started = performance.now();
      telemetry.settlesInFlight(1, attributes);
      try {
        const response = await settle(body);
        const outcome = {
          ...attributes,
          "x402.outcome": isReplayedSettlement(response)
            ? "replayed"
            : response.success
              ? "success"
              : response.errorReason === "settlement_pending"
                ? "pending"
                : "failure",
          "x402.reason": response.success ? "none" : (response.errorReason ?? "unknown"),
        };
        span?.setAttributes({
          ...outcome,
          ...(response.payer ? { "x402.payer": response.payer } : {}),
          ...(response.transaction ? { "x402.transaction": response.transaction } : {}),
        });
        telemetry.recordSettle((performance.now() - started) / 1000, outcome);
        return response;
      } finally {
        telemetry.settlesInFlight(-1, attributes);
      }
    });
  }

  async function timed(check: () => unknown): Promise<FacilitatorHealthCheck> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(check),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${healthTimeoutMs} ms`)),
            healthTimeoutMs,
          );
        }),
      ]);
      return { ok: true, ms: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, ms: Math.round(performance.now() - started), error: message(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Settlements in flight (for the signer pool: it switches accounts only when none is). */
  const idle = async () => {
    await Promise.allSettled([...active, coordinator.idle()]);
  };

  let recovering: Promise<RecoverReturnType> | undefined;
  async function recoverOnce(): Promise<RecoverReturnType> {
    if (signerPool) {
      const account = await signerPool.start({
        store,
        owner: instanceId,
        // A dead instance's settlements, before its account is taken over: resolved from the chain.
        resolvePending: async (previousOwner) => {
          const result = await coordinator.recover(findRecordScheme, previousOwner);
          const resolved = result.confirmed + result.failed + result.deleted > 0;
          logger[resolved ? "info" : "debug"](
            { previousOwner, ...result },
            "resolved a stopped instance's settlements",
          );
        },
        idle,
        logger,
      });
      logger.info({ instanceId, account, leased: leases }, "signer account leased");
    }
    const result = await coordinator.recover(findRecordScheme);
    logger.info({ instanceId, ...result }, "recovered unfinished settlements");
    return result;
  }

  return {
    instanceId,
    store: givenStore,
    logger,
    signerPool,
    discovery: discovery ? { list: discovery.list, search: discovery.search } : undefined,
    verify: (body) => tracked(observedVerify(body)),
    settle: (body) => tracked(observedSettle(body)),

    async supported(): Promise<SupportedResponse> {
      return mergeSupported(schemes, extensions);
    },

    recover() {
      if (!recovering) {
        const run = recoverOnce();
        recovering = run;
        // A failed run (no signer came free) may be tried again.
        run.catch(() => {
          if (recovering === run) recovering = undefined;
        });
      }
      return recovering;
    },

    async health() {
      const names = Object.keys(healthChecks);
      const [storeCheck, schemesCheck, ...extra] = await Promise.all([
        timed(() => store.ping()),
        timed(async () => {
          mergeSupported(schemes, extensions);
          await Promise.all(schemes.map((scheme) => scheme.health?.()));
        }),
        ...names.map((name) => timed(healthChecks[name]!)),
      ]);
      const checks = Object.fromEntries(names.map((name, index) => [name, extra[index]!]));
      let signer: FacilitatorHealth["signer"];
      if (signerPool) {
        const status = signerPool.status();
        signer = { ok: status.account !== undefined, account: status.account, validForMs: status.validForMs };
      }
      const ok =
        storeCheck!.ok && schemesCheck!.ok && extra.every((check) => check.ok) && (signer?.ok ?? true);
      return {
        ok: ok && !closing,
        instanceId,
        store: storeCheck!,
        schemes: schemesCheck!,
        checks,
        ...(signer ? { signer } : {}),
      };
    },

    close() {
      closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const drained = await Promise.race([
          idle().then(() => true),
          new Promise<false>((resolve) => {
            timer = setTimeout(() => resolve(false), closeTimeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (!drained) logger.warn({ closeTimeoutMs }, "closing with settlements still in flight");
        clearInterval(pruneTimer);
        await pruning;
        if (signerPool) {
          // The account goes back only once its transactions are resolved; else the lease runs out, and the next
          // owner resolves them first.
          const unfinished = await store.listUnfinishedSettlements(instanceId).catch(() => undefined);
          await signerPool.stop({ release: drained && unfinished?.length === 0 });
        }
        await store.close();
      })();
      return closing;
    },
  };
}

type RequestAttributes = { "x402.version"?: number; "x402.scheme"?: string; "x402.network"?: string };

/** The scheme, network and version a request names, for span and metric attributes (whatever its shape). */
function requestAttributes(body: unknown): RequestAttributes {
  const request = body as {
    x402Version?: unknown;
    paymentRequirements?: { scheme?: unknown; network?: unknown };
  } | null;
  const requirements = request?.paymentRequirements;
  return {
    ...(typeof request?.x402Version === "number" ? { "x402.version": request.x402Version } : {}),
    ...(typeof requirements?.scheme === "string" ? { "x402.scheme": requirements.scheme.slice(0, 50) } : {}),
    ...(typeof requirements?.network === "string"
      ? { "x402.network": requirements.network.slice(0, 50) }
      : {}),
  };
}

const conflictMessage = "This payment-identifier id was already used with another payload.";
