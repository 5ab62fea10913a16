import type { SchemePaymentParameters } from "@x402kit/core";
import { splitSignature } from "@x402kit/evm";
import type { ReasonCode, VerifyResponse } from "@x402kit/types";
import { type Address, type Hex, hashTypedData, isAddressEqual, recoverAddress } from "viem";
import { uptoPermit2ProxyAddress } from "../constants.js";
import { uptoEvmPayloadSchema } from "../schemas.js";
import { errorMessage } from "../utils/errorMessage.js";
import { parseUptoEvmRequirements } from "../utils/parseUptoEvmRequirements.js";
import { parseUptoPermit2Authorization } from "../utils/parseUptoPermit2Authorization.js";
import { uptoPermit2TypedData } from "../utils/uptoPermit2TypedData.js";
import { encodeUptoSettlement } from "./encodeUptoSettlement.js";
import { parseEip2612GasSponsoring } from "./parseEip2612GasSponsoring.js";
import { readUptoPermit2State } from "./readUptoPermit2State.js";
import type { UptoFacilitatorSettings, UptoNetworkContext } from "./types.js";

export type VerifyUptoPermit2Parameters = {
  payment: SchemePaymentParameters;
  contexts: ReadonlyMap<string, UptoNetworkContext>;
  settings: UptoFacilitatorSettings;
  /**
   * scheme_upto_evm.md §2: at "verify", `requirements.amount` is the maximum and must equal `permitted.amount`; at
   * "settle", it is the amount to settle and must not exceed it.
   */
  phase: "verify" | "settle";
};

/** A verified upto payment, ready to settle. */
export type UptoSettlement = {
  context: UptoNetworkContext;
  payer: Address;
  /** The amount to move; 0 needs no transaction. */
  amount: bigint;
  /** The proxy calldata (`settle` or `settleWithPermit`); undefined for a zero amount. */
  data: Hex | undefined;
  withPermit: boolean;
};

export type VerifyUptoPermit2ReturnType =
  | { response: VerifyResponse & { isValid: true }; settlement: UptoSettlement }
  | { response: VerifyResponse & { isValid: false }; settlement?: undefined };

const invalid = (reason: ReasonCode, message: string, payer?: string): VerifyUptoPermit2ReturnType => ({
  response: { isValid: false, invalidReason: reason, invalidMessage: message, ...(payer ? { payer } : {}) },
});

/**
 * Verifies an upto EVM payment (scheme_upto_evm.md phase 3). The checks that need no RPC come first: the payload's
 * shape, scheme and network, spender = the upto proxy, token = asset, witness recipient = payTo, witness
 * facilitator = this facilitator's signer, the amount, `deadline` (with `validityMarginSeconds` of margin) and
 * `validAfter`, and the EIP-712 signature (recovered off-chain; a contract wallet is asked with EIP-1271). Then one
 * batched round of reads: Permit2 allowance (missing: `permit2_allowance_required`, unless the payload carries an
 * `eip2612GasSponsoring` permit), balance, the Permit2 nonce, and a simulation of the proxy call from the
 * facilitator's address. Never throws: an unexpected failure is `unexpected_verify_error`.
 */
export async function verifyUptoPermit2(
  parameters: VerifyUptoPermit2Parameters,
): Promise<VerifyUptoPermit2ReturnType> {
  const { payment, contexts, settings, phase } = parameters;
  const { payload, requirements } = payment;
  let payer: Address | undefined;
  try {
    const parsedPayload = uptoEvmPayloadSchema.safeParse(payload.payload);
    if (!parsedPayload.success) {
      const issue = parsedPayload.error.issues[0];
      return invalid(
        "invalid_payload",
        `The payload is not an upto Permit2 authorization: ${issue?.path.join(".") || "payload"} ${issue?.message ?? ""}.`,
      );
    }
    const authorization = parseUptoPermit2Authorization(parsedPayload.data.permit2Authorization);
    const signature = parsedPayload.data.signature as Hex;
    payer = authorization.from;

    if (requirements.scheme !== "upto" || payload.accepted.scheme !== "upto")
      return invalid("invalid_scheme", `Scheme "${payload.accepted.scheme}" is not the upto scheme.`, payer);
    if (payload.accepted.network !== requirements.network)
      return invalid("invalid_network", "The payment's network is not the requirements' network.", payer);
    const context = contexts.get(requirements.network);
    if (!context)
      return invalid("invalid_network", `This facilitator does not serve ${requirements.network}.`, payer);
    const parsed = parseUptoEvmRequirements(requirements);
    if (!parsed.ok) return invalid(parsed.code, parsed.message, payer);
    const { asset, payTo, chainId } = parsed.requirements;
    const { permitted, witness } = authorization;

    if (!isAddressEqual(authorization.spender, uptoPermit2ProxyAddress))
      return invalid(
        "invalid_permit2_spender",
        `The spender is ${authorization.spender}, not the upto proxy ${uptoPermit2ProxyAddress}.`,
        payer,
      );
    if (!isAddressEqual(permitted.token, asset))
      return invalid(
        "invalid_payload",
        `The authorization moves ${permitted.token}, not the asset ${asset}.`,
        payer,
      );
    if (!isAddressEqual(witness.to, payTo))
      return invalid(
        "invalid_permit2_recipient_mismatch",
        `The witness pays ${witness.to}, not payTo ${payTo}.`,
        payer,
      );
    if (!isAddressEqual(witness.facilitator, context.signer.address))
      return invalid(
        "invalid_payload",
        `The authorization is bound to facilitator ${witness.facilitator}; this facilitator is ${context.signer.address}.`,
        payer,
      );

    // The amount to move: the maximum when verifying (the worst case), the reported amount when settling.
    const amount = BigInt(requirements.amount);
    if (phase === "verify" && permitted.amount !== amount)
      return invalid(
        "invalid_payload",
        `The authorization's maximum is ${permitted.amount}, the requirements ask ${amount}.`,
        payer,
      );
    if (phase === "settle") {
      if (amount > permitted.amount)
        return invalid(
          "invalid_upto_evm_payload_settlement_exceeds_amount",
          `Settling ${amount} exceeds the authorised maximum ${permitted.amount}.`,
          payer,
        );
      if (permitted.amount !== BigInt(payload.accepted.amount))
        return invalid(
          "invalid_payload",
          `The authorization's maximum is ${permitted.amount}, the accepted requirements say ${payload.accepted.amount}.`,
          payer,
        );
    }

    // Permit2 requires block.timestamp <= deadline, the proxy block.timestamp >= validAfter.
    const now = BigInt(Math.floor(settings.now()));
    const notBefore = now + BigInt(settings.validityMarginSeconds);
    if (authorization.deadline <= notBefore)
      return invalid(
        "permit2_deadline_expired",
        `The authorization expired (deadline ${authorization.deadline}, now ${now}).`,
        payer,
      );
    if (witness.validAfter > now)
      return invalid(
        "permit2_not_yet_valid",
        `The authorization is not valid yet (validAfter ${witness.validAfter}, now ${now}).`,
        payer,
      );

    const sponsoring = parseEip2612GasSponsoring({
      payload,
      payer,
      token: asset,
      permitted: permitted.amount,
      notBefore,
    });
    if (!sponsoring.ok) return invalid("invalid_payload", sponsoring.message, payer);
    const { permit2612 } = sponsoring;

    // An EOA's signature recovers to `from`; anything else is taken for a contract wallet's (EIP-1271).
    const hash = hashTypedData(uptoPermit2TypedData({ chainId, authorization }));
    const recovered = splitSignature(signature)
      ? await recoverAddress({ hash, signature }).catch(() => undefined)
      : undefined;
    const signedByPayer = recovered !== undefined && isAddressEqual(recovered, payer);

    const data =
      amount === 0n ? undefined : encodeUptoSettlement({ authorization, signature, amount, permit2612 });
    const state = await readUptoPermit2State({
      context,
      token: asset,
      owner: payer,
      nonce: authorization.nonce,
      simulation: data,
      smartWallet: signedByPayer ? undefined : { hash, signature },
    });

    if (state.wallet && !(state.wallet.deployed && state.wallet.validSignature))
      return invalid(
        "invalid_permit2_signature",
        state.wallet.deployed
          ? "The contract wallet did not accept the signature (EIP-1271)."
          : "The signature does not recover to `from`.",
        payer,
      );
    if (state.nonceUsed === undefined)
      return invalid(
        "invalid_transaction_state",
        `Permit2 did not answer on ${requirements.network}.`,
        payer,
      );
    if (state.nonceUsed)
      return invalid(
        "invalid_exact_evm_payload_authorization_nonce_used",
        "This authorization's Permit2 nonce was already used or invalidated.",
        payer,
      );
    const settlement = { context, payer, amount, data, withPermit: permit2612 !== undefined };
    if (amount === 0n) return { response: { isValid: true, payer }, settlement };
    if (state.allowance === undefined || state.balance === undefined)
      return invalid(
        "invalid_payment_requirements",
        `The asset ${asset} did not answer as an ERC-20.`,
        payer,
      );
    // scheme_upto_evm.md phase 3 step 2: no allowance and no gas-sponsoring extension is a 412 for the client.
    if (state.allowance < amount && !permit2612)
      return invalid(
        "permit2_allowance_required",
        `The payer allows Permit2 ${state.allowance}, the payment needs ${amount}: approve Permit2 on ${asset} once.`,
        payer,
      );
    if (state.balance < amount)
      return invalid(
        "insufficient_funds",
        `The payer holds ${state.balance}, the payment needs ${amount}.`,
        payer,
      );
    if (state.simulation && !state.simulation.ok)
      return invalid(
        "invalid_transaction_state",
        `The simulated settlement reverted: ${state.simulation.message}`,
        payer,
      );
    return { response: { isValid: true, payer }, settlement };
  } catch (error) {
    return invalid("unexpected_verify_error", errorMessage(error), payer);
  }
}
