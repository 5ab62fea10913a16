import { X402Error } from "@x402kit/core";
import type { PaymentRequirements } from "@x402kit/types";

export type PaymentErrorCode =
  /** The 402's payment information is not a valid x402 message (spec v2 §9). */
  | "invalid_payment_requirements"
  /** No offered requirement is one this client can and may pay. */
  | "no_acceptable_requirements"
  /** Some requirements could be paid, but not within the spending guard's limits. */
  | "spending_limit_exceeded"
  /** The scheme failed to create the payment payload (e.g. the wallet refused to sign). */
  | "payment_creation_failed";

/** Why one offered requirement was not chosen. */
export type RejectionReason =
  /** No registered scheme handles this scheme on this network. */
  | "unsupported"
  /** The selection policy (networks, schemes, maxAmount, filter) excludes it. */
  | "policy"
  /** Above the spending guard's maximum per request. */
  | "max_per_request"
  /** More than the spending guard's budget has left. */
  | "budget";

export type RejectedRequirements = { requirements: PaymentRequirements; reason: RejectionReason };

/**
 * The client could not pay a 402. `rejected` says why each offered requirement was refused; `response` is the
 * 402 itself when the error comes from `wrapFetch` (a `Response`) or `withX402` (an `AxiosResponse`).
 */
export class PaymentError<response = unknown> extends X402Error<PaymentErrorCode> {
  override name = "PaymentError";
  readonly rejected: readonly RejectedRequirements[];
  response: response | undefined;

  constructor(
    code: PaymentErrorCode,
    message: string,
    options: {
      rejected?: readonly RejectedRequirements[];
      response?: response;
      cause?: unknown;
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(code, message, { cause: options.cause, details: options.details });
    this.rejected = options.rejected ?? [];
    this.response = options.response;
  }
}
