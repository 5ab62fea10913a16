import type {
  FacilitatorRequest,
  PaymentPayload,
  PaymentRequired,
  PaymentRequirements,
  ResourceInfo,
  SettleResponse,
  VerifyResponse,
} from "@x402kit/types";
import { v1NetworkToCaip2 } from "@x402kit/types";
import { z } from "zod";
import { FacilitatorError } from "../errors/FacilitatorError.js";
import { X402Error } from "../errors/X402Error.js";
import { isReplayedSettlement } from "../facilitator/replayedSettlement.js";
import type { FacilitatorLike } from "../facilitator/types.js";
import { parsePrice } from "../pricing/parsePrice.js";
import { createSchemeRegistry } from "../registry/createSchemeRegistry.js";
import type { SchemeServer } from "../schemes/types.js";
import { createExpirySweep } from "../server/createExpirySweep.js";
import { canonicalJson, requirementsMatch } from "../server/requirementsMatch.js";
import { withDeliveryToken } from "../server/withDeliveryToken.js";
import { payloadFromV1 } from "../versions/payloadFromV1.js";
import { requirementsToV1 } from "../versions/requirementsToV1.js";
import { paymentEngineConfigSchema, resourceConfigSchema } from "./paymentEngineConfigSchema.js";
import type {
  EngineOutcome,
  EnginePayment,
  EngineSettlement,
  PaymentContext,
  PaymentInput,
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
  /** The requirements of a resource, once initialized. */
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

type Resource = { config: ResourceConfig; requirements: PaymentRequirements[]; built?: Promise<void> };

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
  const resources = new Map<string, Resource>(
    Object.entries(parameters.resources).map(([key, config]) => [key, { config, requirements: [] }]),
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

  /** Builds a resource's requirements once (spec v2 §5.1: one PaymentRequirements per accepted option). */
  function build(key: string, resource: Resource): Promise<void> {
    resource.built ??= (async () => {
      const options = Array.isArray(resource.config.accepts)
        ? resource.config.accepts
        : [resource.config.accepts];
      if (options.length === 0) throw new X402Error("invalid_config", `"${key}" accepts no payment.`);
      for (const option of options) {
        const scheme = registry.find(option.scheme, option.network);
        if (!scheme)
          throw new X402Error(
            "invalid_config",
            `No server scheme "${option.scheme}" for ${option.network} ("${key}").`,
          );
        resource.requirements.push(
          await scheme.buildRequirements({
            network: option.network,
            price: parsePrice(option.price),
            payTo: option.payTo,
            maxTimeoutSeconds: option.maxTimeoutSeconds ?? 60,
            extra: option.extra,
          }),
        );
      }
    })();
    return resource.built;
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
    const resource: Resource = { config, requirements: [] };
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

  /**
   * The requirements offered for this request. Today they are built once per resource at start-up; dynamic
   * `price`/`payTo` functions of the request (issue 14) compute them here from the context.
   */
  function offered(resource: Resource, _context: PaymentContext): PaymentRequirements[] {
    return resource.requirements;
  }

  function required(
    resource: Resource,
    context: PaymentContext,
    reason: string,
    options: {
      message?: string | undefined;
      status?: number | undefined;
      /** Requirements to offer instead of the resource's (a stateful scheme's corrective 402). */
      accepts?: PaymentRequirements[] | undefined;
    } = {},
  ): PaymentRequiredOutcome {
    const paymentRequired: PaymentRequired = {
      x402Version: 2,
      error: reason,
      resource: resourceInfo(resource.config, context),
      accepts: options.accepts ?? offered(resource, context),
      ...(resource.config.extensions ? { extensions: resource.config.extensions } : {}),
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
        status: error.code === "facilitator_timeout" ? 504 : 502,
      };
    return {
      type: "refused",
      reason: "unexpected_error",
      message: "The payment could not be processed.",
      status: 500,
    };
  }

  async function process(context: PaymentContext, input: PaymentInput | undefined): Promise<EngineOutcome> {
    await initialize();
    const resource = resourceOf(context);
    await build(context.resource, resource);
    // Hook point (issue 14), "before a protected request": grant (deliver without payment), deny, or go on.
    if (!input) return required(resource, context, "payment_required");

    // `accepted` must be one of the offered requirements (spec v2 §5.2); a v1 payment names scheme and network.
    const accepts = offered(resource, context);
    let requirements: PaymentRequirements | undefined;
    let payload: PaymentPayload | undefined;
    if (input.x402Version === 2) {
      payload = input.payload;
      requirements = accepts.find((offer) => requirementsMatch(input.payload.accepted, offer));
    } else {
      requirements = accepts.find(
        (offer) =>
          offer.scheme === input.payload.scheme && matchesV1Network(offer.network, input.payload.network),
      );
      if (requirements) payload = payloadFromV1(input.payload, requirements);
    }
    if (!requirements || !payload)
      return required(resource, context, "payment_requirements_mismatch", {
        message: "The payment does not match any requirement offered for this resource.",
      });
    const scheme = registry.find(requirements.scheme, requirements.network)!;

    // One payment, one delivery: wait for an identical payment in flight, refuse one already delivered.
    const key = canonicalJson([requirements.network, requirements.asset, payload.payload]);
    for (;;) {
      const until = delivered.get(key);
      if (until !== undefined && until > Date.now())
        return required(resource, context, "duplicate_settlement", {
          message: "This payment was already used.",
        });
      const running = inFlight.get(key);
      if (!running) break;
      await running.catch(() => false);
    }
    let finish!: (deliveredContent: boolean) => void;
    inFlight.set(key, new Promise<boolean>((resolve) => (finish = resolve)));
    const release = (deliveredContent: boolean) => {
      if (deliveredContent) {
        pruneDelivered(Date.now());
        delivered.set(key, Date.now() + (requirements.maxTimeoutSeconds + 660) * 1000);
      }
      inFlight.delete(key);
      finish(deliveredContent);
    };

    const info = resourceInfo(resource.config, context);
    const facilitatorRequest: FacilitatorRequest =
      input.x402Version === 2
        ? { x402Version: 2, paymentPayload: payload, paymentRequirements: requirements }
        : {
            x402Version: 1,
            paymentPayload: input.payload,
            paymentRequirements: requirementsToV1(requirements, info)!,
          };
    // A stateful scheme (batch-settlement) verifies and settles itself, with the facilitator as a tool; it keeps
    // what it needs to recover, so the engine's record of lost settlements does not apply to it.
    const stateful = scheme.verifyPayment && scheme.settlePayment ? scheme : undefined;
    const lost = stateful ? undefined : unsettled.get(key);
    if (lost && lost.until <= Date.now()) unsettled.delete(key);
    const resumed = lost && lost.until > Date.now() ? lost : undefined;
    const facilitator = resumed?.facilitator ?? nextFacilitator();
    // Only this server knows it: with it, the facilitator hands a lost first-hand answer to this server again.
    const deliveryToken = resumed?.deliveryToken ?? randomDeliveryToken();
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
        return facilitatorFailure(error);
      }
      verification = answered.verification;
      withoutHandler = answered.withoutHandler === true;
      if (!verification.isValid) {
        release(false);
        return required(resource, context, verification.invalidReason ?? "invalid_payload", {
          message: verification.invalidMessage,
          accepts: answered.accepts,
        });
      }
    } else {
      try {
        verification = await facilitator.verify(facilitatorRequest);
      } catch (error) {
        release(false);
        return facilitatorFailure(error);
      }
      if (!verification.isValid) {
        release(false);
        const reason = verification.invalidReason ?? "invalid_payload";
        // scheme_exact_evm.md §2 phase 3: a missing Permit2 allowance is 412 Precondition Failed.
        return required(resource, context, reason, {
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
          paymentRequired: required(resource, context, reason).paymentRequired,
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
          const { type: _, ...failure } = facilitatorFailure(error);
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
    // A payment operation (a cooperative refund): settled now; the handler does not run.
    if (withoutHandler)
      return {
        type: "settled",
        x402Version: input.x402Version,
        settlement: await payment.settle({ failed: false }),
      };
    return { type: "paid", payment };
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
      return required(resource, context, reason, options);
    },
  };
}

/** 128 random bits, hex. */
function randomDeliveryToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** v1 names networks (spec v1 §5.1.2); a CAIP-2 id there has no v1 form to verify with, so it matches nothing. */
function matchesV1Network(offered: string, v1Network: string): boolean {
  return v1NetworkToCaip2(v1Network) === offered;
}
