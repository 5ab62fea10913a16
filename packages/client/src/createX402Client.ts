import {
  type CreateSignInWithXHeaderReturnType,
  createSchemeRegistry,
  createSignInWithXHeader,
  requirementsFromV1,
  type SchemeClient,
  type SchemeRegistry,
  type SelectionPolicy,
  type SignInSigner,
  selectRequirements,
  X402Error,
} from "@x402kit/core";
import {
  encodePaymentSignatureHeader,
  encodeXPaymentHeader,
  headerNames,
  type PaymentPayload,
  type PaymentPayloadV1,
  type PaymentRequired,
  type PaymentRequiredV1,
  type PaymentRequirements,
  paymentPayloadSchema,
  paymentPayloadV1Schema,
  paymentRequiredSchema,
  paymentRequiredV1Schema,
  type SettleResponse,
  signInWithXExtensionKey,
} from "@x402kit/types";
import {
  type CreateSpendingGuardParameters,
  createSpendingGuard,
  type SpendingGuard,
} from "./createSpendingGuard.js";
import { PaymentError, type RejectedRequirements, type RejectionReason } from "./errors/PaymentError.js";
import { classifyOutcome, type PaidAnswer, type PaymentOutcome } from "./internal/classifyOutcome.js";
import { deepFreeze } from "./internal/deepFreeze.js";
import { isDeepFrozen } from "./internal/isDeepFrozen.js";
import { mergeExtensions } from "./internal/mergeExtensions.js";

/** The parts of a v2 PaymentPayload that a scheme creates (spec v2 §5.2). */
const schemeOutputSchema = paymentPayloadSchema.pick({ payload: true, extensions: true });

export type { PaidAnswer, PaymentOutcome } from "./internal/classifyOutcome.js";

export type CreateX402ClientParameters = {
  /** The client sides of the schemes this client pays with, e.g. `exactEvmClient({ account })`. */
  schemes: readonly SchemeClient[];
  /** Preferred networks and schemes, a maximum amount, a last filter (see core's `selectRequirements`). */
  policy?: SelectionPolicy | undefined;
  /** Spending limits in atomic units, or a guard shared with other clients. */
  spending?: CreateSpendingGuardParameters | SpendingGuard | undefined;
  /** Called once per paid request, when its answer is known. Errors it throws are ignored. */
  onPayment?: ((event: PaymentEvent) => void) | undefined;
  /**
   * Opt-in sign-in-with-x (extensions/sign-in-with-x.md): signers, e.g. `evmSignInSigner({ account })`. With them,
   * `wrapFetch` and `wrapMcpClient` answer a 402 that offers a sign-in by signing in first (no payment when the
   * server knows that the signer paid already), and pay only when that is refused. Without them, never.
   */
  signIn?: readonly SignInSigner[] | undefined;
};

/** A signed payment, ready to send. */
export type X402Payment = {
  x402Version: 1 | 2;
  /** `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1). */
  headerName: typeof headerNames.paymentSignature | typeof headerNames.xPayment;
  headerValue: string;
  /** The chosen requirements in v2 form: for v2 exactly as offered, for v1 normalised by core. */
  requirements: PaymentRequirements;
  /** What the payment may cost at most, in atomic units of `requirements.asset`. */
  amount: bigint;
  /** The payload that the header carries. */
  paymentPayload: PaymentPayload | PaymentPayloadV1;
};

export type PaymentEvent = {
  payment: X402Payment;
  outcome: PaymentOutcome;
  /** The HTTP status of the paid request; undefined when it got no answer. */
  status: number | undefined;
  receipt: SettleResponse | undefined;
  /** Atomic units given back to the spending guard. */
  released: bigint;
};

export type X402Client = {
  readonly schemes: SchemeRegistry<SchemeClient>;
  readonly spending: SpendingGuard | undefined;
  /**
   * Chooses a requirement of a 402 and signs it. Reserves the amount on the spending guard first; the reservation
   * stays spent until `completePayment` says the server definitively did not settle.
   */
  createPayment(paymentRequired: PaymentRequired | PaymentRequiredV1): Promise<X402Payment>;
  /** Records the answer to a paid request (undefined: none came): releases the guard, calls `onPayment`. */
  completePayment(payment: X402Payment, answer: PaidAnswer): PaymentEvent;
  /**
   * Hands the answer to a paid request (undefined: none came) to the scheme that made the payment, when it keeps
   * state (batch-settlement: the channel's charged total). `retry: true` when it resynchronised from a refusal and
   * paying again may succeed. Call once per payment, after `completePayment`. Never throws.
   */
  answerPayment(payment: X402Payment, answer: SchemeAnswer | undefined): Promise<{ retry: boolean }>;
  /**
   * Signs the 402's sign-in-with-x challenge with the first `signIn` signer that serves one of its chains, after
   * checking that the challenge is for `origin` (the URL requested over HTTP; the server's URL over MCP).
   * Undefined when this client has no `signIn` signers or the 402 offers no sign-in; a refusal (`ok: false`:
   * malformed, foreign, no signer) means: do not sign in, pay. Never throws for the challenge's content.
   */
  signIn(
    paymentRequired: PaymentRequired,
    origin: string,
  ): Promise<CreateSignInWithXHeaderReturnType | undefined>;
};

/** What a stateful scheme reads of the answer to its payment. */
export type SchemeAnswer = {
  status: number;
  settlement: SettleResponse | undefined;
  /** The PaymentRequired of a 402 answer (v2), if it carried one. */
  paymentRequired: PaymentRequired | undefined;
};

export type CreateX402ClientErrorType = X402Error<"invalid_config"> | PaymentError;

const isGuard = (value: CreateX402ClientParameters["spending"]): value is SpendingGuard =>
  typeof (value as SpendingGuard | undefined)?.reserve === "function";

function assertConfig(parameters: CreateX402ClientParameters) {
  const invalid = (message: string) => new X402Error("invalid_config", message);
  if (!Array.isArray(parameters?.schemes) || parameters.schemes.length === 0)
    throw invalid("createX402Client needs at least one scheme.");
  for (const scheme of parameters.schemes) {
    if (
      typeof scheme?.scheme !== "string" ||
      !Array.isArray(scheme.networks) ||
      typeof scheme.createPaymentPayload !== "function"
    )
      throw invalid("Each scheme must be a SchemeClient: { scheme, networks, createPaymentPayload }.");
  }
  if (parameters.onPayment !== undefined && typeof parameters.onPayment !== "function")
    throw invalid("onPayment must be a function.");
  if (
    parameters.signIn !== undefined &&
    (!Array.isArray(parameters.signIn) ||
      parameters.signIn.some(
        (signer) => typeof signer?.namespace !== "string" || typeof signer.sign !== "function",
      ))
  )
    throw invalid("signIn must be a list of sign-in signers, e.g. [evmSignInSigner({ account })].");
  const maxAmount = parameters.policy?.maxAmount;
  if (maxAmount !== undefined && (typeof maxAmount !== "bigint" || maxAmount < 0n))
    throw invalid("policy.maxAmount must be a non-negative bigint (atomic units).");
}

const describeRejections = (rejected: readonly RejectedRequirements[]) => {
  const counts = new Map<RejectionReason, number>();
  for (const { reason } of rejected) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${reason}`).join(", ");
};

/**
 * An x402 client: picks one of a 402's requirements (spec v2 §5.1) that a registered scheme can pay within the
 * policy and the spending limits, signs it with that scheme, and writes the `PAYMENT-SIGNATURE` header (spec v2
 * §5.2) or, for a v1 server, the `X-PAYMENT` header (spec v1 §5.2).
 */
export function createX402Client(parameters: CreateX402ClientParameters): X402Client {
  assertConfig(parameters);
  const registry = createSchemeRegistry(parameters.schemes);
  const policy = parameters.policy;
  const guard = isGuard(parameters.spending)
    ? parameters.spending
    : parameters.spending
      ? createSpendingGuard(parameters.spending)
      : undefined;
  const completed = new WeakMap<X402Payment, PaymentEvent>();
  /**
   * Deeply frozen v2 messages already checked, and what they parsed to (frozen too): such a message cannot have
   * changed, so it is parsed once. `wrapFetch` freezes the 402s it remembers and pays on every request to their route.
   */
  const checked = new WeakMap<PaymentRequired, PaymentRequired>();

  const rejectionOf = (requirements: PaymentRequirements): RejectionReason | undefined => {
    if (!registry.find(requirements.scheme, requirements.network)) return "unsupported";
    const amount = BigInt(requirements.amount);
    if (policy?.maxAmount !== undefined && amount > policy.maxAmount) return "policy";
    if (policy?.filter && !policy.filter(requirements)) return "policy";
    return guard?.check(amount, requirements.asset);
  };

  function createPayment(paymentRequired: PaymentRequired | PaymentRequiredV1): Promise<X402Payment> {
    // Everything up to the reservation runs synchronously, so concurrent calls cannot overspend the guard.
    let accepts: PaymentRequirements[];
    let offered: PaymentRequired | PaymentRequiredV1;
    if (paymentRequired?.x402Version === 1) {
      const parsed = paymentRequiredV1Schema.safeParse(paymentRequired);
      if (!parsed.success)
        return Promise.reject(
          new PaymentError("invalid_payment_requirements", "The 402 is not a valid x402 v1 message."),
        );
      offered = parsed.data;
      accepts = parsed.data.accepts.map(requirementsFromV1);
    } else {
      const frozen = isDeepFrozen(paymentRequired);
      let data = frozen ? checked.get(paymentRequired) : undefined;
      if (!data) {
        const parsed = paymentRequiredSchema.safeParse(paymentRequired);
        if (!parsed.success)
          return Promise.reject(
            new PaymentError("invalid_payment_requirements", "The 402 is not a valid x402 v2 message."),
          );
        data = parsed.data;
        if (frozen) checked.set(paymentRequired, deepFreeze(data));
      }
      offered = data;
      accepts = data.accepts;
    }

    const requirements = selectRequirements({
      accepts,
      supports: (candidate) => registry.find(candidate.scheme, candidate.network) !== undefined,
      policy: {
        ...policy,
        filter: (candidate) =>
          (policy?.filter?.(candidate) ?? true) &&
          guard?.check(BigInt(candidate.amount), candidate.asset) === undefined,
      },
    });
    if (!requirements) {
      const rejected = accepts.map((candidate) => ({
        requirements: candidate,
        reason: rejectionOf(candidate) ?? "policy",
      }));
      const overLimit = rejected.some((r) => r.reason === "max_per_request" || r.reason === "budget");
      return Promise.reject(
        new PaymentError(
          overLimit ? "spending_limit_exceeded" : "no_acceptable_requirements",
          accepts.length === 0
            ? "The 402 offers no way to pay."
            : `None of the ${accepts.length} offered requirements can be paid (${describeRejections(rejected)}).`,
          { rejected },
        ),
      );
    }
    const amount = BigInt(requirements.amount);
    guard?.reserve(amount, requirements.asset);
    const index = accepts.indexOf(requirements);
    // For v2, `accepted` is the requirement object exactly as given, unknown fields included (spec v2 §5.2).
    const asGiven = paymentRequired.x402Version === 2 ? paymentRequired.accepts[index]! : requirements;
    return sign(offered, index, requirements, asGiven, amount).catch((error: unknown) => {
      guard?.release(amount, requirements.asset);
      throw error;
    });
  }

  async function sign(
    offered: PaymentRequired | PaymentRequiredV1,
    index: number,
    requirements: PaymentRequirements,
    accepted: PaymentRequirements,
    amount: bigint,
  ): Promise<X402Payment> {
    const scheme = registry.find(requirements.scheme, requirements.network)!;
    const received = offered.x402Version === 2 ? offered.extensions : undefined;
    let created: Awaited<ReturnType<SchemeClient["createPaymentPayload"]>>;
    try {
      created = await scheme.createPaymentPayload({ requirements, extensions: received });
    } catch (error) {
      throw new PaymentError(
        "payment_creation_failed",
        `The "${requirements.scheme}" scheme could not create a payment.`,
        { cause: error, details: { scheme: requirements.scheme, network: requirements.network } },
      );
    }
    const invalidPayload = (cause?: unknown) =>
      new PaymentError(
        "payment_creation_failed",
        `The "${requirements.scheme}" scheme returned an invalid payload.`,
        cause === undefined ? undefined : { cause },
      );
    /** A payload that is not plain JSON (a bigint, a cycle) passes the schema but cannot be encoded. */
    const encoded = <T>(encode: (value: T) => string, value: T): string => {
      try {
        return encode(value);
      } catch (error) {
        throw invalidPayload(error);
      }
    };

    if (offered.x402Version === 1) {
      const parsed = paymentPayloadV1Schema.safeParse({
        x402Version: 1,
        scheme: requirements.scheme,
        // The network exactly as the v1 server named it (spec v1 §5.2).
        network: offered.accepts[index]!.network,
        payload: created.payload,
      });
      if (!parsed.success) throw invalidPayload();
      return {
        x402Version: 1,
        headerName: headerNames.xPayment,
        headerValue: encoded(encodeXPaymentHeader, parsed.data),
        requirements,
        amount,
        paymentPayload: parsed.data,
      };
    }
    const extensions = mergeExtensions(received, created.extensions);
    // Only what the scheme made is checked here: `resource` and `requirements` were checked with the 402.
    const parsed = schemeOutputSchema.safeParse({
      payload: created.payload,
      ...(extensions ? { extensions } : {}),
    });
    if (!parsed.success) throw invalidPayload();
    // The server matches `accepted` against what it offered, so it goes out as offered (spec v2 §5.2).
    const paymentPayload: PaymentPayload = {
      x402Version: 2,
      resource: offered.resource,
      accepted,
      ...parsed.data,
    };
    return {
      x402Version: 2,
      headerName: headerNames.paymentSignature,
      headerValue: encoded(encodePaymentSignatureHeader, paymentPayload),
      requirements,
      amount,
      paymentPayload,
    };
  }

  function completePayment(payment: X402Payment, answer: PaidAnswer): PaymentEvent {
    const done = completed.get(payment);
    if (done) return done;
    const outcome = classifyOutcome(answer);
    let released = 0n;
    if (outcome === "not_settled") released = payment.amount;
    else if (outcome === "settled" && answer?.receipt?.amount && /^\d{1,78}$/.test(answer.receipt.amount)) {
      // A variable-amount scheme (upto) may settle less than it authorised (spec v2 §5.3 `amount`).
      const settled = BigInt(answer.receipt.amount);
      if (settled < payment.amount) released = payment.amount - settled;
    }
    if (released > 0n) guard?.release(released, payment.requirements.asset);
    const event: PaymentEvent = {
      payment,
      outcome,
      status: answer?.status,
      receipt: answer?.receipt,
      released: guard ? released : 0n,
    };
    completed.set(payment, event);
    try {
      parameters.onPayment?.(event);
    } catch {
      // A logging hook must not turn a paid response into an error.
    }
    return event;
  }

  async function answerPayment(payment: X402Payment, answer: SchemeAnswer | undefined) {
    const scheme = registry.find(payment.requirements.scheme, payment.requirements.network);
    if (!scheme?.onPaymentAnswer) return { retry: false };
    try {
      const answered = await scheme.onPaymentAnswer({
        requirements: payment.requirements,
        payload: payment.paymentPayload.payload as Record<string, unknown>,
        answer,
      });
      return { retry: answered?.retry === true };
    } catch {
      return { retry: false };
    }
  }

  const signers = parameters.signIn ?? [];
  async function signIn(paymentRequired: PaymentRequired, origin: string) {
    const offered = paymentRequired.extensions?.[signInWithXExtensionKey];
    if (signers.length === 0 || offered === undefined) return undefined;
    try {
      return await createSignInWithXHeader({ extension: offered, requestUrl: origin, signers });
    } catch (error) {
      // A wallet that refused to sign, or a URL that is not one: no sign-in, the caller pays as usual.
      return {
        ok: false as const,
        reason: "signing_failed" as const,
        message: `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  return { schemes: registry, spending: guard, createPayment, completePayment, answerPayment, signIn };
}
