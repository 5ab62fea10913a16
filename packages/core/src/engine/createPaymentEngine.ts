import type {
  Extensions,
  FacilitatorRequest,
  PaymentPayload,
  PaymentRequired,
  PaymentRequirements,
  ResourceInfo,
  SettleResponse,
  VerifyResponse,
} from "@x402kit/types";
import { addressKey, v1NetworkToCaip2 } from "@x402kit/types";
import { z } from "zod";
import { FacilitatorError } from "../errors/FacilitatorError.js";
import { X402Error } from "../errors/X402Error.js";
import { isReplayedSettlement } from "../facilitator/replayedSettlement.js";
import type { FacilitatorLike } from "../facilitator/types.js";
import { type Price, parsePrice } from "../pricing/parsePrice.js";
import { createSchemeRegistry } from "../registry/createSchemeRegistry.js";
import type { SchemeServer } from "../schemes/types.js";
import { createExpirySweep } from "../server/createExpirySweep.js";
import { canonicalJson, requirementsMatch } from "../server/requirementsMatch.js";
import { withDeliveryToken } from "../server/withDeliveryToken.js";
import { payloadFromV1 } from "../versions/payloadFromV1.js";
import { requirementsToV1 } from "../versions/requirementsToV1.js";
import { logPaymentEvents } from "./logPaymentEvents.js";
import { paymentEngineConfigSchema, resourceConfigSchema } from "./paymentEngineConfigSchema.js";
import type {
  AfterVerifyDecision,
  EngineOutcome,
  EnginePayment,
  EngineSettlement,
  PaymentContext,
  PaymentHooks,
  PaymentInput,
  PaymentLogger,
  PaymentOption,
  PaymentRequiredOutcome,
  RefusedOutcome,
  ResourceConfig,
} from "./types.js";

export type CreatePaymentEngineParameters = {
  /** The priced resources by key: HTTP route patterns, MCP tool names. */
  resources: Record<string, ResourceConfig>;
  /** The server sides of the schemes that resources may use. */
  schemes: readonly SchemeServer[];
  /** A facilitator, or several used in turn (round robin). */
  facilitator: FacilitatorLike | readonly FacilitatorLike[];
  /** Hooks before a protected request, after verify, after settle, on settlement and facilitator failure. */
  hooks?: PaymentHooks | undefined;
  /**
   * Where to report settlements (info), refused settlements (warn) and a failing facilitator at verify or settle
   * (error): `console`, a pino logger, anything with `info`, `warn` and `error`.
   */
  logger?: PaymentLogger | undefined;
};

export type PaymentEngine = {
  /** Builds every resource's requirements; runs on the first call if not awaited before. */
  initialize(): Promise<void>;
  /** Whether the key names a priced resource. */
  has(resource: string): boolean;
  /**
   * Adds a priced resource after creation (an MCP tool registered on a running server). Its requirements are built
   * before its first payment. Throws X402Error("invalid_config") for a bad config or a key already taken.
   */
  register(resource: string, config: ResourceConfig): Promise<void>;
  /** The requirements of a resource, once initialized: those with a fixed price and payTo (dynamic ones vary). */
  requirementsFor(resource: string): readonly PaymentRequirements[] | undefined;
  /**
   * Everything from a payment to a verified one: matches `accepted` against the offered requirements, holds or
   * refuses a payment already in flight or delivered, verifies (or resumes a payment whose settlement was lost).
   * Without a payment, it asks for one.
   */
  process(context: PaymentContext, payment: PaymentInput | undefined): Promise<EngineOutcome>;
  /** Asks for payment with a reason: for a payment that the transport could not decode. */
  paymentRequired(
    context: PaymentContext,
    reason: string,
    options?: { message?: string | undefined; status?: number | undefined },
  ): Promise<PaymentRequiredOutcome>;
};

export type CreatePaymentEngineErrorType = X402Error;

type Resource = {
  config: ResourceConfig;
  /** The requirements of the options with a fixed price and payTo. */
  requirements: PaymentRequirements[];
  /** By option: its fixed requirements, or undefined when its price or payTo is a function of the request. */
  fixed: (PaymentRequirements | undefined)[];
  /** Whether some option's price or payTo is a function of the request: its quotes are remembered. */
  dynamic: boolean;
  /** The sets of header names that its pricing read (HTTP), to recognise a quote's request again. */
  readHeaders: string[][];
  built?: Promise<void>;
};

/** The requirements and extensions quoted for one request. */
type Quote = {
  type: "quote";
  config: ResourceConfig;
  accepts: PaymentRequirements[];
  extensions: Extensions | undefined;
  /** What the pricing read of the request (dynamic resources only). */
  inputs?: { key: string; headers: string[] } | undefined;
};

/** A live quote: a 402's requirement computed from a request, honoured until it expires (for that request). */
type LiveQuote = { until: number; requirements: PaymentRequirements };

/** The most quotes remembered; beyond it the oldest are forgotten (their payers get a fresh 402). */
const maxQuotes = 100_000;

/** A payment whose settlement outcome the engine does not know, kept until its authorization has surely expired. */
type Unsettled = {
  until: number;
  verification: VerifyResponse;
  /** The facilitator that was settling it: it holds the record of what happened. */
  facilitator: FacilitatorLike;
  /** The delivery token it was settled with: the facilitator answers it first-hand (`withDeliveryToken`). */
  deliveryToken: string;
};

/**
 * The transport-agnostic resource-server engine: the x402 protocol between a transport and the facilitator, written
 * once. HTTP (`createResourceServer`) and MCP (`@x402kit/mcp`) decode payments into it and render its plain
 * outcomes; it never sees a header or a JSON-RPC message. Spec v2 §5 (payloads), §6 (verify, run, then settle), §7.
 */
export function createPaymentEngine(parameters: CreatePaymentEngineParameters): PaymentEngine {
  const checked = paymentEngineConfigSchema.safeParse(parameters);
  if (!checked.success)
    throw new X402Error("invalid_config", `createPaymentEngine: ${z.prettifyError(checked.error)}`);
  const registry = createSchemeRegistry(parameters.schemes);
  const facilitators = Array.isArray(parameters.facilitator)
    ? (parameters.facilitator as readonly FacilitatorLike[])
    : [parameters.facilitator as FacilitatorLike];
  let turn = 0;
  const nextFacilitator = () => facilitators[turn++ % facilitators.length]!;
  const hooks: PaymentHooks = parameters.hooks ?? {};
  // The hooks that only observe, run in turn: the user's, then the logger's (issue 18).
  const observers: PaymentHooks[] = [
    hooks,
    ...(parameters.logger ? [logPaymentEvents({ logger: parameters.logger })] : []),
  ];
  const observe = async <name extends "afterSettle" | "onSettlementFailure" | "onFacilitatorFailure">(
    name: name,
    event: Parameters<NonNullable<PaymentHooks[name]>>[0],
  ) => {
    for (const observer of observers) {
      try {
        await (observer[name] as ((event: unknown) => unknown) | undefined)?.(event);
      } catch {
        // Ignored on purpose: observers cannot change an outcome (see PaymentHooks).
      }
    }
  };
  /** Reports a facilitator that failed (`onFacilitatorFailure`) and answers the refusal for it. */
  const facilitatorFailed = async (
    context: PaymentContext,
    operation: "verify" | "settle",
    error: unknown,
    requirements: PaymentRequirements,
    payer: string | undefined,
  ): Promise<RefusedOutcome> => {
    const refused = facilitatorFailure(error);
    await observe("onFacilitatorFailure", {
      context,
      operation,
      reason: refused.reason,
      message: error instanceof Error ? error.message : refused.message,
      facilitatorStatus: error instanceof FacilitatorError ? error.status : undefined,
      requirements,
      ...(payer !== undefined ? { payer } : {}),
    });
    return refused;
  };
  const newResource = (config: ResourceConfig): Resource => ({
    config,
    requirements: [],
    fixed: [],
    dynamic: optionsOf(config).some(isDynamic),
    readHeaders: [],
  });
  const resources = new Map<string, Resource>(
    Object.entries(parameters.resources).map(([key, config]) => [key, newResource(config)]),
  );

  // Payments in flight or delivered, by the canonical payload: one payment, one delivery (spec v2 §6.2 replay).
  const inFlight = new Map<string, Promise<boolean>>();
  const delivered = new Map<string, number>();
  // Payments whose settlement this server lost track of: the facilitator failed or timed out during settle, or
  // answered `settlement_pending`. The transfer may be on-chain already, so verifying again would refuse the used
  // authorization and the payer would have paid for nothing. Presented again, such a payment skips verify and is
  // settled again with the same facilitator, which answers with the outcome it recorded (or settles it now).
  const unsettled = new Map<string, Unsettled>();
  const pruneExpired = createExpirySweep({ threshold: 10_000, everyMs: 1_000 });
  const pruneDelivered = (now: number) => pruneExpired(delivered, (expires) => expires, now);
  const pruneUnsettled = (now: number) => pruneExpired(unsettled, (entry) => entry.until, now);
  // Quotes of dynamic resources: a payment made against a quote stays valid for the quote's lifetime (its
  // `maxTimeoutSeconds`), for the same request, even when the price function would now answer differently.
  const quotes = new Map<string, LiveQuote>();
  const pruneQuotes = (now: number) => pruneExpired(quotes, (entry) => entry.until, now);

  /** Builds a resource's requirements once (spec v2 §5.1: one PaymentRequirements per accepted option). */
  function build(key: string, resource: Resource): Promise<void> {
    resource.built ??= (async () => {
      const options = optionsOf(resource.config);
      if (options.length === 0) throw new X402Error("invalid_config", `"${key}" accepts no payment.`);
      for (const option of options) {
        if (!registry.find(option.scheme, option.network))
          throw new X402Error(
            "invalid_config",
            `No server scheme "${option.scheme}" for ${option.network} ("${key}").`,
          );
        const fixed = isDynamic(option)
          ? undefined
          : await buildOption(option, option.price as Price, option.payTo as string);
        resource.fixed.push(fixed);
        if (fixed) resource.requirements.push(fixed);
      }
    })();
    return resource.built;
  }

  /** One option's requirements for a price and payTo (spec v2 §5.1: one PaymentRequirements per option). */
  async function buildOption(
    option: PaymentOption,
    price: Price,
    payTo: string,
  ): Promise<PaymentRequirements> {
    if (typeof payTo !== "string" || payTo.length === 0)
      throw new X402Error("invalid_config", `payTo must be an address, not ${JSON.stringify(payTo)}.`);
    return registry.find(option.scheme, option.network)!.buildRequirements({
      network: option.network,
      price: parsePrice(price),
      payTo,
      maxTimeoutSeconds: option.maxTimeoutSeconds ?? 60,
      extra: option.extra,
    });
  }

  /**
   * The requirements and extensions offered for this request: the fixed ones, and those computed by the
   * resource's functions of the request (issue 14). For a dynamic resource, it records what the pricing read of
   * the request (HTTP: method, URL and the headers it looked at; MCP: the tool's arguments), to know the request
   * again when it comes back with a payment.
   */
  async function quote(resource: Resource, context: PaymentContext): Promise<Quote> {
    const { config } = resource;
    const read = new Map<string, string | undefined>();
    const watched: PaymentContext =
      context.transport === "http" && resource.dynamic
        ? {
            ...context,
            request: {
              ...context.request,
              header(name) {
                const value = context.request.header(name);
                read.set(name.toLowerCase(), value);
                return value;
              },
            },
          }
        : context;
    const accepts: PaymentRequirements[] = [];
    for (const [index, option] of optionsOf(config).entries()) {
      const fixed = resource.fixed[index];
      if (fixed) {
        accepts.push(fixed);
        continue;
      }
      const price = typeof option.price === "function" ? await option.price(watched) : option.price;
      const payTo = typeof option.payTo === "function" ? await option.payTo(watched) : option.payTo;
      accepts.push(await buildOption(option, price, payTo));
    }
    const extensions =
      typeof config.extensions === "function" ? await config.extensions(watched) : config.extensions;
    if (!resource.dynamic) return { type: "quote", config, accepts, extensions };
    const headers = [...read.keys()].sort();
    const known = resource.readHeaders.find((set) => set.join("\n") === headers.join("\n"));
    if (!known && resource.readHeaders.length < 8) resource.readHeaders.push(headers);
    return {
      type: "quote",
      config,
      accepts,
      extensions,
      inputs: { key: inputsKey(context, headers), headers },
    };
  }

  /** Remembers a quote's requirements, so that a payment against them is honoured for their lifetime. */
  function rememberQuote(key: string, quoted: Quote): void {
    if (!quoted.inputs) return;
    const now = Date.now();
    pruneQuotes(now);
    for (const requirements of quoted.accepts) {
      const id = quoteId(key, requirements, quoted.inputs.key);
      quotes.delete(id);
      quotes.set(id, { until: now + requirements.maxTimeoutSeconds * 1000, requirements });
    }
    for (const id of quotes.keys()) {
      if (quotes.size <= maxQuotes) break;
      quotes.delete(id);
    }
  }

  /** A live quote of this resource, for this request, that the payment's `accepted` matches. */
  function quotedFor(
    key: string,
    resource: Resource,
    context: PaymentContext,
    accepted: PaymentRequirements,
  ) {
    if (!resource.dynamic) return undefined;
    for (const headers of resource.readHeaders.length > 0 ? resource.readHeaders : [[]]) {
      const live = quotes.get(quoteId(key, accepted, inputsKey(context, headers)));
      if (live && live.until > Date.now()) return live.requirements;
    }
    return undefined;
  }

  let ready: Promise<void> | undefined;
  const initialize = () => {
    ready ??= (async () => {
      for (const [key, resource] of resources) await build(key, resource);
    })();
    return ready;
  };

  async function register(key: string, config: ResourceConfig): Promise<void> {
    const checkedResource = resourceConfigSchema.safeParse(config);
    if (!checkedResource.success)
      throw new X402Error("invalid_config", `"${key}": ${z.prettifyError(checkedResource.error)}`);
    if (resources.has(key)) throw new X402Error("invalid_config", `"${key}" is already a priced resource.`);
    const resource = newResource(config);
    resources.set(key, resource);
    try {
      await build(key, resource);
    } catch (error) {
      resources.delete(key);
      throw error;
    }
  }

  function resourceOf(context: PaymentContext): Resource {
    const resource = resources.get(context.resource);
    if (!resource) throw new X402Error("invalid_state", `No priced resource "${context.resource}".`);
    return resource;
  }

  function resourceInfo(config: ResourceConfig, context: PaymentContext): ResourceInfo {
    return {
      url: config.resource ?? context.url,
      ...(config.description !== undefined ? { description: config.description } : {}),
      ...(config.mimeType !== undefined ? { mimeType: config.mimeType } : {}),
    };
  }

  function required(
    quoted: Quote,
    context: PaymentContext,
    reason: string,
    options: {
      message?: string | undefined;
      status?: number | undefined;
      /** Requirements to offer instead of the resource's (a stateful scheme's corrective 402). */
      accepts?: PaymentRequirements[] | undefined;
    } = {},
  ): PaymentRequiredOutcome {
    // Every 402 is a quote: a payment against its requirements is honoured while they live.
    rememberQuote(context.resource, quoted);
    const paymentRequired: PaymentRequired = {
      x402Version: 2,
      error: reason,
      resource: resourceInfo(quoted.config, context),
      accepts: options.accepts ?? quoted.accepts,
      ...(quoted.extensions ? { extensions: quoted.extensions } : {}),
    };
    return {
      type: "payment-required",
      reason,
      ...(options.message !== undefined ? { message: options.message } : {}),
      status: options.status ?? 402,
      paymentRequired,
    };
  }

  function facilitatorFailure(error: unknown): RefusedOutcome {
    if (error instanceof FacilitatorError)
      return {
        type: "refused",
        reason: error.code,
        message: error.message,
        status:
          error.code === "facilitator_timeout" ? 504 : error.code === "facilitator_rate_limited" ? 503 : 502,
      };
    return {
      type: "refused",
      reason: "unexpected_error",
      message: "The payment could not be processed.",
      status: 500,
    };
  }

  /** The quote for this request; a price function that throws refuses the request (500), nothing is offered. */
  async function quoteOrRefusal(
    resource: Resource,
    context: PaymentContext,
  ): Promise<Quote | RefusedOutcome> {
    try {
      return await quote(resource, context);
    } catch (error) {
      return {
        type: "refused",
        reason: error instanceof X402Error ? error.code : "invalid_price",
        message: `The price of this request could not be computed: ${error instanceof Error ? error.message : String(error)}`,
        status: 500,
      };
    }
  }

  async function process(context: PaymentContext, input: PaymentInput | undefined): Promise<EngineOutcome> {
    await initialize();
    const resource = resourceOf(context);
    await build(context.resource, resource);
    // "Before a protected request" (issue 14): grant without payment, deny, or go on to payment.
    if (hooks.beforeRequest) {
      let decision: Awaited<ReturnType<NonNullable<PaymentHooks["beforeRequest"]>>>;
      try {
        decision = await hooks.beforeRequest({ context, payment: input });
      } catch (error) {
        return hookFailure("beforeRequest", error);
      }
      if (decision?.type === "grant") return { type: "granted" };
      if (decision?.type === "deny") return denial(decision);
    }
    const quoted = await quoteOrRefusal(resource, context);
    if (quoted.type === "refused") return quoted;
    if (!input) return required(quoted, context, "payment_required");

    // `accepted` must be one of the offered requirements (spec v2 §5.2), or of a live quote made for this same
    // request (a dynamic price may have moved since); a v1 payment names scheme and network.
    const accepts = quoted.accepts;
    let requirements: PaymentRequirements | undefined;
    let payload: PaymentPayload | undefined;
    if (input.x402Version === 2) {
      payload = input.payload;
      requirements =
        accepts.find((offer) =>
          requirementsMatch(input.payload.accepted, offer, {
            ignoreExtra: registry.find(offer.scheme, offer.network)?.extraHints,
          }),
        ) ?? quotedFor(context.resource, resource, context, input.payload.accepted);
    } else {
      requirements = accepts.find(
        (offer) =>
          offer.scheme === input.payload.scheme && matchesV1Network(offer.network, input.payload.network),
      );
      if (requirements) payload = payloadFromV1(input.payload, requirements);
    }
    if (!requirements || !payload)
      return required(quoted, context, "payment_requirements_mismatch", {
        message: "The payment does not match any requirement offered for this resource.",
      });
    const scheme = registry.find(requirements.scheme, requirements.network)!;

    // A stateful scheme (batch-settlement) verifies and settles itself, with the facilitator as a tool; it keeps
    // what it needs to recover, so the engine's record of lost settlements does not apply to it.
    const stateful = scheme.verifyPayment && scheme.settlePayment ? scheme : undefined;

    // One payment, one delivery: wait for an identical payment in flight, refuse one already delivered. A stateful
    // scheme does this itself (a voucher builds on the channel's charged total, one request per channel at a time:
    // a replayed one no longer does), so its payments are not remembered here (nor their keys computed).
    const key = stateful ? "" : canonicalJson([requirements.network, requirements.asset, payload.payload]);
    while (!stateful) {
      const until = delivered.get(key);
      if (until !== undefined && until > Date.now())
        return required(quoted, context, "duplicate_settlement", {
          message: "This payment was already used.",
        });
      const running = inFlight.get(key);
      if (!running) break;
      await running.catch(() => false);
    }
    let finish!: (deliveredContent: boolean) => void;
    if (!stateful) inFlight.set(key, new Promise<boolean>((resolve) => (finish = resolve)));
    const release = (deliveredContent: boolean) => {
      if (stateful) return;
      if (deliveredContent) {
        pruneDelivered(Date.now());
        delivered.set(key, Date.now() + (requirements.maxTimeoutSeconds + 660) * 1000);
      }
      inFlight.delete(key);
      finish(deliveredContent);
    };

    const info = resourceInfo(quoted.config, context);
    const facilitatorRequest: FacilitatorRequest =
      input.x402Version === 2
        ? { x402Version: 2, paymentPayload: payload, paymentRequirements: requirements }
        : {
            x402Version: 1,
            paymentPayload: input.payload,
            paymentRequirements: requirementsToV1(requirements, info)!,
          };
    const lost = stateful ? undefined : unsettled.get(key);
    if (lost && lost.until <= Date.now()) unsettled.delete(key);
    const resumed = lost && lost.until > Date.now() ? lost : undefined;
    const facilitator = resumed?.facilitator ?? nextFacilitator();
    // Only this server knows it: with it, the facilitator hands a lost first-hand answer to this server again.
    // (A stateful scheme settles through its own facilitator calls: no token.)
    const deliveryToken = stateful ? "" : (resumed?.deliveryToken ?? randomDeliveryToken());
    let verification: VerifyResponse;
    let withoutHandler = false;
    if (resumed) {
      verification = resumed.verification;
    } else if (stateful) {
      let answered: Awaited<ReturnType<NonNullable<SchemeServer["verifyPayment"]>>>;
      try {
        answered = await stateful.verifyPayment!({ payload, requirements, facilitator });
      } catch (error) {
        release(false);
        return facilitatorFailed(context, "verify", error, requirements, undefined);
      }
      verification = answered.verification;
      withoutHandler = answered.withoutHandler === true;
      if (!verification.isValid) {
        release(false);
        return required(quoted, context, verification.invalidReason ?? "invalid_payload", {
          message: verification.invalidMessage,
          accepts: answered.accepts,
        });
      }
    } else {
      try {
        verification = await facilitator.verify(facilitatorRequest);
      } catch (error) {
        release(false);
        return facilitatorFailed(context, "verify", error, requirements, undefined);
      }
      if (!verification.isValid) {
        release(false);
        const reason = verification.invalidReason ?? "invalid_payload";
        // scheme_exact_evm.md §2 phase 3: a missing Permit2 allowance is 412 Precondition Failed.
        return required(quoted, context, reason, {
          message: verification.invalidMessage,
          status: reason === "permit2_allowance_required" ? 412 : 402,
        });
      }
    }
    // Hook point (issue 14), "after verify": sees the context and the verified payment.

    /** The settlement's outcome is unknown: keep the payment redeemable (see `unsettled`). */
    const lostTrack = () => {
      if (stateful) return;
      pruneUnsettled(Date.now());
      unsettled.set(key, {
        until: Date.now() + (requirements.maxTimeoutSeconds + 660) * 1000,
        verification,
        facilitator,
        deliveryToken,
      });
    };

    let settlementAmount: bigint | undefined;
    let settled = false;
    const payment: EnginePayment = {
      x402Version: input.x402Version,
      payload,
      requirements,
      verification,
      payer: verification.payer,
      resource: info,
      setSettlementAmount(amount) {
        const value = BigInt(amount);
        if (value < 0n)
          throw new X402Error("invalid_settlement_amount", "A settlement amount cannot be negative.");
        settlementAmount = value;
      },
      async settle({ failed }): Promise<EngineSettlement> {
        if (settled) throw new X402Error("invalid_state", "settle() was already called for this payment.");
        settled = true;
        if (failed) {
          release(false);
          await stateful?.cancelPayment?.({ payload, requirements, verification });
          return { type: "deliver", settlement: undefined };
        }
        let toSettle = requirements;
        try {
          // A stateful scheme checks the reported amount itself when it settles.
          if (stateful) toSettle = requirements;
          else if (scheme.prepareSettlement)
            toSettle = scheme.prepareSettlement({ requirements, payload, settlementAmount });
          else if (settlementAmount !== undefined && settlementAmount !== BigInt(requirements.amount))
            throw new X402Error(
              "invalid_settlement_amount",
              `The "${requirements.scheme}" scheme settles its fixed amount only.`,
            );
        } catch (error) {
          release(false);
          return {
            type: "refused",
            reason: error instanceof X402Error ? error.code : "invalid_settlement_amount",
            message: error instanceof Error ? error.message : String(error),
            status: 500,
          };
        }
        const settleRequest: FacilitatorRequest =
          facilitatorRequest.x402Version === 2
            ? { ...facilitatorRequest, paymentRequirements: toSettle }
            : {
                ...facilitatorRequest,
                paymentRequirements: {
                  ...facilitatorRequest.paymentRequirements,
                  maxAmountRequired: toSettle.amount,
                },
              };
        // A refused settlement: never the handler's result (spec v2 §6); the transport reports `settlement`.
        const refusal = (reason: string, settlement: SettleResponse, message?: string): EngineSettlement => ({
          type: "refused",
          reason,
          ...(message !== undefined ? { message } : {}),
          status: 402,
          settlement,
          paymentRequired: required(quoted, context, reason).paymentRequired,
        });
        // Hook point (issue 14): "after settle" on success, "on settlement failure" on every refusal below.
        let settlement: SettleResponse;
        try {
          settlement = stateful
            ? await stateful.settlePayment!({
                payload,
                requirements,
                verification,
                settlementAmount,
                facilitator,
              })
            : await facilitator.settle(withDeliveryToken(settleRequest, deliveryToken));
        } catch (error) {
          // The request may have reached the facilitator, which may have settled.
          lostTrack();
          release(false);
          const { type: _, ...failure } = await facilitatorFailed(
            context,
            "settle",
            error,
            requirements,
            verification.payer,
          );
          return { type: "refused", ...failure };
        }
        if (!settlement.success && settlement.errorReason === "settlement_pending") lostTrack();
        else unsettled.delete(key);
        // A duplicate of a delivered payment: x402kit's facilitator refuses it (`duplicate_settlement`); an older
        // one answered a marked success. Either way, no second delivery.
        if (isReplayedSettlement(settlement)) {
          release(false);
          return refusal(
            "duplicate_settlement",
            {
              success: false,
              errorReason: "duplicate_settlement",
              transaction: settlement.transaction,
              network: settlement.network,
              ...(settlement.payer ? { payer: settlement.payer } : {}),
            },
            "This payment was already used.",
          );
        }
        if (!settlement.success) {
          release(false);
          return refusal(settlement.errorReason ?? "unexpected_settle_error", settlement);
        }
        release(true);
        return { type: "deliver", settlement };
      },
    };
    if (hooks.afterVerify && !resumed) {
      const { settle: _, ...seen } = payment;
      let decision: Awaited<ReturnType<NonNullable<PaymentHooks["afterVerify"]>>>;
      try {
        decision = await hooks.afterVerify({ context, payment: seen });
      } catch (error) {
        release(false);
        return hookFailure("afterVerify", error);
      }
      if (decision?.type === "deny") {
        release(false);
        return denial(decision);
      }
    }
    const hooked = withSettleHooks(context, payment);
    // A payment operation (a cooperative refund): settled now; the handler does not run.
    if (withoutHandler)
      return {
        type: "settled",
        x402Version: input.x402Version,
        settlement: await hooked.settle({ failed: false }),
      };
    return { type: "paid", payment: hooked };
  }

  /**
   * Runs `afterSettle` and `onSettlementFailure` around a payment's settlement. They observe only: the settlement's
   * outcome is decided before they run, and nothing they return or throw changes it.
   */
  function withSettleHooks(context: PaymentContext, payment: EnginePayment): EnginePayment {
    if (!observers.some((observer) => observer.afterSettle || observer.onSettlementFailure)) return payment;
    const { settle, ...seen } = payment;
    return {
      ...payment,
      async settle(result) {
        const outcome = await settle(result);
        // The settlement's outcome stands, whatever the observers do (see PaymentHooks).
        if (outcome.type === "deliver" && outcome.settlement)
          await observe("afterSettle", { context, payment: seen, settlement: outcome.settlement });
        else if (outcome.type === "refused")
          await observe("onSettlementFailure", {
            context,
            payment: seen,
            reason: outcome.reason,
            message: outcome.message,
            settlement: outcome.settlement,
          });
        return outcome;
      },
    };
  }

  return {
    initialize,
    has: (resource) => resources.has(resource),
    register,
    requirementsFor: (resource) => resources.get(resource)?.requirements,
    process,
    async paymentRequired(context, reason, options) {
      await initialize();
      const resource = resourceOf(context);
      await build(context.resource, resource);
      const quoted = await quote(resource, context).catch(
        (): Quote => ({
          type: "quote",
          config: resource.config,
          accepts: resource.requirements,
          extensions: undefined,
        }),
      );
      return required(quoted, context, reason, options);
    },
  };
}

/** 128 random bits, hex. */
/** 32 hex digits, 122 random bits: a UUID v4 without its dashes (randomUUID draws from a cached entropy pool). */
function randomDeliveryToken(): string {
  return globalThis.crypto.randomUUID().replaceAll("-", "");
}

/** v1 names networks (spec v1 §5.1.2); a CAIP-2 id there has no v1 form to verify with, so it matches nothing. */
function matchesV1Network(offered: string, v1Network: string): boolean {
  return v1NetworkToCaip2(v1Network) === offered;
}

function optionsOf(config: ResourceConfig): PaymentOption[] {
  return Array.isArray(config.accepts) ? config.accepts : [config.accepts];
}

function isDynamic(option: PaymentOption): boolean {
  return typeof option.price === "function" || typeof option.payTo === "function";
}

/** What identifies a request for its quote: HTTP method, URL and the headers its pricing read; MCP arguments. */
function inputsKey(context: PaymentContext, headers: readonly string[]): string {
  if (context.transport === "mcp")
    return canonicalJson(["mcp", context.tool.name, context.tool.arguments ?? {}]);
  const { request } = context;
  return canonicalJson([
    request.method.toUpperCase(),
    request.url,
    headers.map((name) => [name, request.header(name) ?? null]),
  ]);
}

/** A quote's key: the resource, the requirement (addresses without case) and the request's inputs. */
function quoteId(resource: string, requirements: PaymentRequirements, inputs: string): string {
  const { scheme, network, amount, asset, payTo, maxTimeoutSeconds, extra } = requirements;
  return canonicalJson([
    resource,
    [scheme, network, amount, addressKey(asset), addressKey(payTo), maxTimeoutSeconds, extra ?? {}],
    inputs,
  ]);
}

function denial(decision: AfterVerifyDecision): RefusedOutcome {
  return {
    type: "refused",
    reason: decision.reason ?? "access_denied",
    message: decision.message ?? "Access to this resource is denied.",
    status: decision.status ?? 403,
  };
}

function hookFailure(hook: string, error: unknown): RefusedOutcome {
  return {
    type: "refused",
    reason: "hook_error",
    message: `The ${hook} hook failed: ${error instanceof Error ? error.message : String(error)}`,
    status: 500,
  };
}
