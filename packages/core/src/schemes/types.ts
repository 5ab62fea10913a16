import type {
  Extensions,
  PaymentPayload,
  PaymentRequired,
  PaymentRequirements,
  SettleResponse,
  SupportedKind,
  VerifyResponse,
} from "@x402kit/types";
import type { FacilitatorLike } from "../facilitator/types.js";
import type { ParsedPrice } from "../pricing/parsePrice.js";

/**
 * A network pattern: an exact CAIP-2 id (`eip155:8453`) or a namespace wildcard (`eip155:*`).
 */
export type NetworkPattern = string;

/** What every side of a scheme declares, so registries can find it (spec v2 §4: scheme + network). */
export type SchemeDescriptor = {
  /** The scheme name on the wire, e.g. `exact` or `upto`. */
  readonly scheme: string;
  /** The networks this implementation handles. */
  readonly networks: readonly NetworkPattern[];
  /**
   * `extra` fields that are construction hints, not terms (scheme_exact_svm.md: `recentBlockhash`,
   * `lastValidBlockHeight`): a server may give each 402 fresh ones, so a payload's `accepted` is matched against the
   * requirements without them.
   */
  readonly extraHints?: readonly string[] | undefined;
};

// ---------------------------------------------------------------------------------------------------------------
// Client side: turn one requirement into a signed payload.
// ---------------------------------------------------------------------------------------------------------------

export type CreatePaymentPayloadParameters = {
  /** The requirement that the client chose, in v2 form (v1 requirements are normalised first). */
  requirements: PaymentRequirements;
  /** The 402's extensions, for schemes that add extension data (gas sponsoring, payment-identifier). */
  extensions?: Extensions | undefined;
};

export type CreatePaymentPayloadReturnType = {
  /** The scheme-specific `payload` field of the PaymentPayload. */
  payload: Record<string, unknown>;
  /** Extension data to add to the PaymentPayload's `extensions`. */
  extensions?: Extensions | undefined;
};

export interface SchemeClient extends SchemeDescriptor {
  /**
   * Whether the client may pay a route again with the requirements of its last 402, without waiting for a new one
   * (transports-v2/http.md: a client that knows the requirements may send its payment with the request). True for a
   * scheme whose payments only move state the server already holds (batch-settlement: a voucher over an open
   * channel); a server that no longer agrees answers 402 and nothing is charged. Default false.
   */
  readonly reusesRequirements?: boolean | undefined;
  createPaymentPayload(parameters: CreatePaymentPayloadParameters): Promise<CreatePaymentPayloadReturnType>;
  /**
   * A stateful scheme (batch-settlement) reads the answer to each payment it created: it updates its state from the
   * settlement, or, from a refusal's PaymentRequired (a corrective 402), resynchronises and asks the client to pay
   * again (`retry: true`, at most once per request). Called exactly once per payment, with no answer when the
   * request got none. Must not throw.
   */
  onPaymentAnswer?(parameters: PaymentAnswerParameters): Promise<PaymentAnswerReturnType>;
}

export type PaymentAnswerParameters = {
  requirements: PaymentRequirements;
  /** The scheme-specific payload that `createPaymentPayload` returned. */
  payload: Record<string, unknown>;
  /** Undefined when the request got no answer (a network error, an abort). */
  answer:
    | {
        status: number;
        /** `PAYMENT-RESPONSE`, when the server sent one. */
        settlement: SettleResponse | undefined;
        /** `PAYMENT-REQUIRED` of a refusal, when the server sent one. */
        paymentRequired: PaymentRequired | undefined;
      }
    | undefined;
};

/** `retry`: the scheme resynchronised from a refusal; paying again for the same request may succeed. */
export type PaymentAnswerReturnType = { retry: boolean } | undefined;

// ---------------------------------------------------------------------------------------------------------------
// Server side: turn a price into requirements, and (for variable-amount schemes) prepare settlement.
// ---------------------------------------------------------------------------------------------------------------

export type BuildRequirementsParameters = {
  network: string;
  price: ParsedPrice;
  payTo: string;
  maxTimeoutSeconds: number;
  /** Extra fields that the route config adds to `extra` (merged over the scheme's own). */
  extra?: Record<string, unknown> | undefined;
};

export type PrepareSettlementParameters = {
  requirements: PaymentRequirements;
  payload: PaymentPayload;
  /** The amount that the handler reported (atomic units), if it reported one. */
  settlementAmount: bigint | undefined;
};

export interface SchemeServer extends SchemeDescriptor {
  /** Price to requirements. Called once per route at start-up for static prices. */
  buildRequirements(
    parameters: BuildRequirementsParameters,
  ): PaymentRequirements | Promise<PaymentRequirements>;
  /**
   * The requirements that settlement sends to the facilitator. Fixed-price schemes leave this out (the accepted
   * requirements are settled as they are). A variable-amount scheme (`upto`) puts the reported amount in.
   * Throws an X402Error to refuse (e.g. an amount above the maximum).
   */
  prepareSettlement?(parameters: PrepareSettlementParameters): PaymentRequirements;
  /**
   * A stateful scheme (batch-settlement) verifies the payment itself instead of the engine asking the facilitator:
   * locally (a voucher over an open channel), through the facilitator (a deposit), or by refusing with corrected
   * requirements (a corrective 402 that carries the channel's state). Implement the three together with
   * `settlePayment` and `cancelPayment`. Must not throw: a refusal is `isValid: false` with its reason.
   */
  verifyPayment?(parameters: SchemeVerifyPaymentParameters): Promise<SchemeVerifyPaymentReturnType>;
  /**
   * Settles a payment that `verifyPayment` accepted, after the handler ran without failing, instead of the engine's
   * facilitator settle: it may answer without any transaction (commit a voucher's charge to its channel state), or
   * call the facilitator (a deposit, a refund). May throw a FacilitatorError when the facilitator fails.
   */
  settlePayment?(parameters: SchemeSettlePaymentParameters): Promise<SettleResponse>;
  /** The payment will not be settled (the handler failed, or the transport gave up): release what it reserved. */
  cancelPayment?(parameters: SchemeCancelPaymentParameters): void | Promise<void>;
}

export type SchemeVerifyPaymentParameters = {
  payload: PaymentPayload;
  /** The offered requirements that the payment matched. */
  requirements: PaymentRequirements;
  /** The facilitator that the engine chose for this payment. */
  facilitator: FacilitatorLike;
};

export type SchemeVerifyPaymentReturnType = {
  verification: VerifyResponse;
  /**
   * For a refusal: the requirements that the 402 offers instead of the resource's own (a corrective 402, e.g. one
   * that carries the server's channel state so that the client can resynchronise and pay again).
   */
  accepts?: PaymentRequirements[] | undefined;
  /**
   * A payment operation rather than a paid request (a cooperative refund): the engine settles it at once and
   * answers with the settlement; the resource's handler does not run.
   */
  withoutHandler?: boolean | undefined;
};

export type SchemeSettlePaymentParameters = {
  payload: PaymentPayload;
  requirements: PaymentRequirements;
  verification: VerifyResponse;
  /** The amount that the handler reported (atomic units), if it reported one. */
  settlementAmount: bigint | undefined;
  /** The facilitator that verified it. */
  facilitator: FacilitatorLike;
};

export type SchemeCancelPaymentParameters = {
  payload: PaymentPayload;
  requirements: PaymentRequirements;
  verification: VerifyResponse;
};

// ---------------------------------------------------------------------------------------------------------------
// Facilitator side: verify and settle.
// ---------------------------------------------------------------------------------------------------------------

export type SchemePaymentParameters = {
  /** Always v2 form; the facilitator normalises v1 requests before it calls the scheme. */
  payload: PaymentPayload;
  requirements: PaymentRequirements;
};

export type SettleContext = {
  /**
   * Called by the scheme as soon as a transaction is broadcast, before it waits for the receipt, so that the
   * facilitator can persist the hash and never lose a payment if it crashes or the receipt is slow.
   */
  onBroadcast(transaction: string): Promise<void>;
  /**
   * Asks the facilitator to pay a settlement's fee, before anything is sent: `maximum` is the most the transaction
   * can cost the signer, in the network's native atomic unit (wei: gas limit × max fee per gas; lamports). A refusal
   * (a fee cap, an hourly budget) is the settle failure the scheme answers, with nothing sent. An approval is
   * reported back with what was paid (`paid`), once known; absent when the facilitator sets no fee limit.
   */
  approveFee?(fee: { maximum: bigint }): FeeApproval | Promise<FeeApproval>;
};

/** The facilitator's answer to `SettleContext.approveFee`. */
export type FeeApproval =
  | {
      approved: true;
      /**
       * What the settlement cost the signer (a receipt's gas used × effective gas price), `0n` when nothing was
       * sent, or undefined when unknown (no receipt yet), in which case the maximum stays counted.
       */
      paid(amount: bigint | undefined): void;
    }
  | { approved: false; reason: string; message: string };

export interface SchemeFacilitator extends SchemeDescriptor {
  /** The kinds to list in `GET /supported` (spec v2 §7.3). */
  supportedKinds(): SupportedKind[];
  /** Signer addresses by network pattern, for `GET /supported`'s `signers`. */
  signers(): Record<string, string[]>;
  verify(parameters: SchemePaymentParameters): Promise<VerifyResponse>;
  settle(parameters: SchemePaymentParameters, context: SettleContext): Promise<SettleResponse>;
  /**
   * A key that names the authorization, not its signature bytes, e.g. `eip155:8453:<token>:<payer>:<nonce>`.
   * Two settles with the same key must produce at most one transfer. Undefined when the payload is too malformed to
   * name (verify will reject it anyway).
   */
  settlementKey(parameters: SchemePaymentParameters): string | undefined;
  /**
   * Resolve a settlement that was broadcast but whose outcome is unknown (after a restart or a receipt timeout).
   * Returns undefined while it is still pending.
   */
  resolveBroadcast?(parameters: {
    transaction: string;
    network: string;
    requirements: PaymentRequirements;
    payload: PaymentPayload;
  }): Promise<SettleResponse | undefined>;
  /** Checks that what the scheme depends on answers (e.g. each network's RPC), for `GET /healthz`. Throws if not. */
  health?(): Promise<void>;
  /**
   * The extensions that this scheme implements (e.g. `eip2612GasSponsoring`), listed in `GET /supported`'s
   * `extensions` (spec v2 §7.3) so that servers and clients know they may use them.
   */
  extensions?(): string[];
}
