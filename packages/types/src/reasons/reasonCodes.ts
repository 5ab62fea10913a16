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
  /**
   * The facilitator's signer cannot pay the settlement's gas (the node refused the transaction); nothing was sent.
   * Neither the spec nor the reference (2.27) names this; the payer is not at fault.
   */
  "facilitator_insufficient_gas",
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
  /**
   * scheme_exact_svm.md. The names are the reference implementation's (the scheme document names few codes), in
   * the spec's style; x402kit adds the last two.
   */
  "invalid_exact_svm_payload_missing_fee_payer",
  "invalid_exact_svm_fee_payer_not_managed_by_facilitator",
  "invalid_exact_svm_fee_payer_mismatch",
  "invalid_exact_svm_payload_transaction_could_not_be_decoded",
  "invalid_exact_svm_payload_signature_invalid",
  "invalid_exact_svm_payload_excessive_signers",
  "invalid_exact_svm_payload_transaction_instructions_length",
  "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction",
  "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high",
  "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction",
  "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high",
  "invalid_exact_svm_payload_no_transfer_instruction",
  "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
  "invalid_exact_svm_payload_mint_mismatch",
  "invalid_exact_svm_payload_recipient_mismatch",
  "invalid_exact_svm_payload_amount_mismatch",
  "invalid_exact_svm_payload_unknown_fourth_instruction",
  "invalid_exact_svm_payload_unknown_fifth_instruction",
  "invalid_exact_svm_payload_unknown_sixth_instruction",
  "invalid_exact_svm_payload_unknown_seventh_instruction",
  "invalid_exact_svm_payload_memo_count",
  "invalid_exact_svm_payload_memo_mismatch",
  "invalid_exact_svm_smart_wallet_alt_resolution_not_available",
  "invalid_exact_svm_transaction_simulation_failed",
  /** §2.1.1: a fee payer of the facilitator appears in an instruction's accounts or as its program. */
  "invalid_exact_svm_payload_fee_payer_not_isolated",
  /** The transaction's blockhash expired (about 60-90 s): it can never land; the client signs again. */
  "invalid_exact_svm_payload_blockhash_expired",
] as const;

/**
 * The codes of the `batch-settlement` scheme on EVM that x402kit emits (scheme_batch_settlement_evm.md, "Error
 * Codes"); the scheme document names them, with the same spelling as the reference.
 */
export const batchSettlementEvmReasonCodes = [
  "invalid_batch_settlement_evm_authorizer_address_mismatch",
  "invalid_batch_settlement_evm_channel_busy",
  "invalid_batch_settlement_evm_channel_id_mismatch",
  "invalid_batch_settlement_evm_channel_not_found",
  "invalid_batch_settlement_evm_charge_exceeds_signed_cumulative",
  "invalid_batch_settlement_evm_claim_payload",
  "invalid_batch_settlement_evm_claim_simulation_failed",
  "invalid_batch_settlement_evm_claim_transaction_failed",
  "invalid_batch_settlement_evm_cumulative_amount_mismatch",
  "invalid_batch_settlement_evm_cumulative_below_claimed",
  "invalid_batch_settlement_evm_cumulative_exceeds_balance",
  "invalid_batch_settlement_evm_deposit_payload",
  "invalid_batch_settlement_evm_deposit_simulation_failed",
  "invalid_batch_settlement_evm_deposit_transaction_failed",
  "invalid_batch_settlement_evm_eip2612_invalid_format",
  "invalid_batch_settlement_evm_erc3009_authorization_required",
  "invalid_batch_settlement_evm_insufficient_balance",
  "invalid_batch_settlement_evm_missing_channel",
  "invalid_batch_settlement_evm_missing_eip712_domain",
  "invalid_batch_settlement_evm_network_mismatch",
  "invalid_batch_settlement_evm_nothing_to_settle",
  "invalid_batch_settlement_evm_payload_authorization_valid_after",
  "invalid_batch_settlement_evm_payload_authorization_valid_before",
  "invalid_batch_settlement_evm_payload_type",
  "invalid_batch_settlement_evm_permit2_allowance_required",
  "invalid_batch_settlement_evm_permit2_amount_mismatch",
  "invalid_batch_settlement_evm_permit2_authorization_required",
  "invalid_batch_settlement_evm_permit2_deadline_expired",
  "invalid_batch_settlement_evm_permit2_invalid_signature",
  "invalid_batch_settlement_evm_permit2_invalid_spender",
  "invalid_batch_settlement_evm_receive_authorization_signature",
  "invalid_batch_settlement_evm_receiver_authorizer_mismatch",
  "invalid_batch_settlement_evm_receiver_mismatch",
  "invalid_batch_settlement_evm_refund_amount_invalid",
  "invalid_batch_settlement_evm_refund_no_balance",
  "invalid_batch_settlement_evm_refund_payload",
  "invalid_batch_settlement_evm_refund_simulation_failed",
  "invalid_batch_settlement_evm_refund_transaction_failed",
  "invalid_batch_settlement_evm_rpc_read_failed",
  "invalid_batch_settlement_evm_scheme",
  "invalid_batch_settlement_evm_settle_payload",
  "invalid_batch_settlement_evm_settle_simulation_failed",
  "invalid_batch_settlement_evm_settle_transaction_failed",
  "invalid_batch_settlement_evm_token_mismatch",
  "invalid_batch_settlement_evm_voucher_payload",
  "invalid_batch_settlement_evm_voucher_signature",
  "invalid_batch_settlement_evm_withdraw_delay_mismatch",
  "invalid_batch_settlement_evm_withdraw_delay_out_of_range",
] as const;
export type BatchSettlementEvmReasonCode = (typeof batchSettlementEvmReasonCodes)[number];

export type SpecReasonCode = (typeof specReasonCodes)[number];
export type ReasonCode = SpecReasonCode | (typeof extraReasonCodes)[number] | BatchSettlementEvmReasonCode;

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
  invalid_exact_svm_network_mismatch: "invalid_network",
  invalid_exact_svm_unsupported_scheme: "invalid_scheme",
  invalid_exact_svm_transaction_failed: "invalid_transaction_state",
  invalid_exact_svm_payload_transaction: "invalid_exact_svm_payload_transaction_could_not_be_decoded",
  invalid_exact_svm_smart_wallet_fee_payer_not_isolated: "invalid_exact_svm_payload_fee_payer_not_isolated",
};

/** The code x402kit would emit for a reason: itself, or the code an alias stands for. */
export function canonicalReasonCode(reason: string): string {
  return Object.hasOwn(reasonCodeAliases, reason) ? reasonCodeAliases[reason]! : reason;
}
