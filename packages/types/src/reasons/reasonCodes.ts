/** The error reasons of spec v2 §9, as emitted by x402kit. */
export const specReasonCodes = [
  "insufficient_funds",
  "invalid_exact_evm_payload_authorization_valid_after",
  "invalid_exact_evm_payload_authorization_valid_before",
  "invalid_exact_evm_payload_authorization_value_mismatch",
  "invalid_exact_evm_payload_signature",
  "invalid_exact_evm_payload_recipient_mismatch",
  "invalid_network",
  "invalid_payload",
  "invalid_payment_requirements",
  "invalid_scheme",
  "unsupported_scheme",
  "invalid_x402_version",
  "invalid_transaction_state",
  "unexpected_verify_error",
  "unexpected_settle_error",
] as const;

/**
 * Reasons that the spec does not name but x402kit needs, each in the spec's naming style. The scheme and extension
 * documents name some of them (scheme_upto_evm.md, extensions/*).
 */
export const extraReasonCodes = [
  /** The EIP-3009 nonce (or Permit2 nonce) was already used or cancelled on-chain. */
  "invalid_exact_evm_payload_authorization_nonce_used",
  /** `validBefore` lies further ahead than `maxTimeoutSeconds` allows. */
  "invalid_exact_evm_payload_authorization_valid_before_too_far",
  /** The payload's `accepted` is not the requirements it is checked against. */
  "invalid_payment_requirements_mismatch",
  /** Resource server: the payment matches none of the requirements offered for this route. */
  "payment_requirements_mismatch",
  /** Resource server / facilitator: this authorization was already settled and delivered. */
  "duplicate_settlement",
  /** Smart-wallet signature from an address that has no code. */
  "invalid_exact_evm_payload_smart_wallet_not_deployed",
  /** Settlement was broadcast but its receipt has not arrived yet; retry settle with the same payload. */
  "settlement_pending",
  /** scheme_upto_evm.md */
  "invalid_upto_evm_payload_settlement_exceeds_amount",
  /** Permit2 (exact with assetTransferMethod permit2, upto). */
  "permit2_allowance_required",
  "invalid_permit2_signature",
  "invalid_permit2_spender",
  "invalid_permit2_recipient_mismatch",
  "permit2_deadline_expired",
  "permit2_not_yet_valid",
  /** Permit2: the authorization moves another token than the requirements' asset. */
  "invalid_permit2_token_mismatch",
  /** Permit2: the authorized amount is not the requirements' amount (exact) or maximum (upto). */
  "invalid_permit2_amount_mismatch",
  /** scheme_upto_evm.md: the authorization names another facilitator than the one asked to settle it. */
  "invalid_upto_evm_payload_facilitator_mismatch",
  /** extensions/payment_identifier.md: an id reused with another payload. */
  "payment_identifier_conflict",
  /**
   * extensions/sign-in-with-x.md, "Verification Logic". The spec names no codes; these are the reference packages'
   * names (2.27), plus a malformed header, a used nonce and a signer who has not paid.
   */
  "invalid_siwx_header",
  "invalid_siwx_domain_mismatch",
  "invalid_siwx_uri_mismatch",
  "invalid_siwx_issued_at_too_old",
  "invalid_siwx_issued_at_in_future",
  "invalid_siwx_expired",
  "invalid_siwx_not_yet_valid",
  "invalid_siwx_nonce",
  "invalid_siwx_nonce_used",
  "invalid_siwx_unsupported_chain",
  "invalid_siwx_signature",
  "siwx_not_entitled",
] as const;

export type SpecReasonCode = (typeof specReasonCodes)[number];
export type ReasonCode = SpecReasonCode | (typeof extraReasonCodes)[number];

/**
 * Names that the reference v2 packages emit for the same conditions, mapped to the code x402kit emits.
 * The conformance suite accepts an alias with a warning (see shared x402 notes: we emit the spec's codes).
 */
export const reasonCodeAliases: Readonly<Record<string, ReasonCode>> = {
  invalid_exact_evm_signature: "invalid_exact_evm_payload_signature",
  invalid_exact_evm_failed_to_parse_signature: "invalid_exact_evm_payload_signature",
  invalid_exact_evm_token_name_mismatch: "invalid_exact_evm_payload_signature",
  invalid_exact_evm_token_version_mismatch: "invalid_exact_evm_payload_signature",
  invalid_exact_evm_authorization_value: "invalid_exact_evm_payload_authorization_value_mismatch",
  invalid_exact_evm_recipient_mismatch: "invalid_exact_evm_payload_recipient_mismatch",
  invalid_exact_evm_nonce_already_used: "invalid_exact_evm_payload_authorization_nonce_used",
  invalid_exact_evm_insufficient_balance: "insufficient_funds",
  invalid_exact_evm_network_mismatch: "invalid_network",
  invalid_exact_evm_scheme: "invalid_scheme",
  invalid_exact_evm_missing_eip712_domain: "invalid_payment_requirements",
  invalid_exact_evm_transaction_simulation_failed: "invalid_transaction_state",
  invalid_exact_evm_transaction_failed: "invalid_transaction_state",
  unsupported_payload_type: "invalid_payload",
  permit2_insufficient_balance: "insufficient_funds",
  permit2_amount_mismatch: "invalid_permit2_amount_mismatch",
  permit2_token_mismatch: "invalid_permit2_token_mismatch",
  permit2_invalid_nonce: "invalid_exact_evm_payload_authorization_nonce_used",
  upto_facilitator_mismatch: "invalid_upto_evm_payload_facilitator_mismatch",
  invalid_upto_evm_network_mismatch: "invalid_network",
  invalid_upto_evm_scheme: "invalid_scheme",
};

/** The code x402kit would emit for a reason: itself, or the code an alias stands for. */
export function canonicalReasonCode(reason: string): string {
  return Object.hasOwn(reasonCodeAliases, reason) ? reasonCodeAliases[reason]! : reason;
}
