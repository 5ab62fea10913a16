import type { SchemePaymentParameters } from "@x402kit/core";
import {
  checkPermit2Terms,
  describeSchemaIssue,
  errorMessage,
  type FacilitatorSettings,
  findNetworkContext,
  invalidVerification as invalid,
  type NetworkContext,
  parsePermit2Authorization,
  type VerifiedEvmPayment,
  verifyPermit2Payment,
} from "@x402kit/evm";
import { type Address, getAddress, type Hex, isAddressEqual } from "viem";
import { uptoPermit2ProxyAbi } from "../abis.js";
import { uptoPermit2ProxyAddress, uptoPermit2WitnessType } from "../constants.js";
import { uptoEvmPayloadSchema } from "../schemas.js";
import { parseUptoEvmRequirements } from "../utils/parseUptoEvmRequirements.js";
import { encodeUptoSettlement, type UptoPermit2AuthorizationValues } from "./encodeUptoSettlement.js";

export type VerifyUptoPermit2Parameters = {
  payment: SchemePaymentParameters;
  contexts: ReadonlyMap<string, NetworkContext>;
  settings: FacilitatorSettings & { gas: { gasLimit: bigint; permitGasLimit: bigint } };
  /**
   * scheme_upto_evm.md §2: at "verify", `requirements.amount` is the maximum and must equal `permitted.amount`; at
   * "settle", it is the amount to settle and must not exceed it.
   */
  phase: "verify" | "settle";
};

/**
 * Verifies an upto EVM payment (scheme_upto_evm.md phase 3). The checks that need no RPC come first: the payload's
 * shape, scheme and network, then @x402kit/evm's Permit2 terms (spender = the upto proxy, token = asset, witness
 * recipient = payTo, `deadline` and `validAfter`), then upto's own: witness facilitator = this facilitator's signer,
 * and the amount for the phase. Then @x402kit/evm's shared Permit2 checks: the EIP-712 signature and one batched
 * round of reads (Permit2 nonce, allowance or an `eip2612GasSponsoring` permit, balance, a simulation of the proxy
 * call). A zero settlement moves nothing, so it needs no allowance, balance or transaction. Never throws.
 */
export async function verifyUptoPermit2(
  parameters: VerifyUptoPermit2Parameters,
): Promise<VerifiedEvmPayment> {
  const { payment, contexts, settings, phase } = parameters;
  const { payload, requirements } = payment;
  let payer: Address | undefined;
  try {
    const parsedPayload = uptoEvmPayloadSchema.safeParse(payload.payload);
    if (!parsedPayload.success)
      return invalid(
        "invalid_payload",
        `The payload is not an upto Permit2 authorization: ${describeSchemaIssue(parsedPayload.error.issues)}.`,
      );
    const wire = parsedPayload.data.permit2Authorization;
    const base = parsePermit2Authorization(wire);
    const authorization: UptoPermit2AuthorizationValues = {
      ...base,
      witness: { ...base.witness, facilitator: getAddress(wire.witness.facilitator) },
    };
    const signature = parsedPayload.data.signature as Hex;
    payer = authorization.from;

    const found = findNetworkContext({ payment, scheme: "upto", contexts });
    if (!found.ok) return invalid(found.reason, found.message, payer);
    const { context } = found;
    const parsed = parseUptoEvmRequirements(requirements);
    if (!parsed.ok) return invalid(parsed.code, parsed.message, payer);
    const now = BigInt(Math.floor(settings.now()));
    const terms = checkPermit2Terms({
      authorization,
      spender: uptoPermit2ProxyAddress,
      asset: parsed.requirements.asset,
      payTo: parsed.requirements.payTo,
      now,
      validityMarginSeconds: settings.validityMarginSeconds,
    });
    if (terms) return invalid(terms.reason, terms.message, payer);
    const { permitted, witness } = authorization;
    if (!isAddressEqual(witness.facilitator, context.signer.address))
      return invalid(
        "invalid_upto_evm_payload_facilitator_mismatch",
        `The authorization is bound to facilitator ${witness.facilitator}; this facilitator is ${context.signer.address}.`,
        payer,
      );

    // The amount to move: the maximum when verifying (the worst case), the reported amount when settling.
    const amount = BigInt(requirements.amount);
    const maximum = phase === "verify" ? amount : BigInt(payload.accepted.amount);
    if (phase === "settle" && amount > permitted.amount)
      return invalid(
        "invalid_upto_evm_payload_settlement_exceeds_amount",
        `Settling ${amount} exceeds the authorised maximum ${permitted.amount}.`,
        payer,
      );
    if (permitted.amount !== maximum)
      return invalid(
        "invalid_permit2_amount_mismatch",
        `The authorization's maximum is ${permitted.amount}, the accepted requirements say ${maximum}.`,
        payer,
      );

    return await verifyPermit2Payment({
      context,
      payload,
      authorization,
      witnessType: uptoPermit2WitnessType,
      signature,
      amount,
      notBefore: now + BigInt(settings.validityMarginSeconds),
      proxy: { address: uptoPermit2ProxyAddress, abi: uptoPermit2ProxyAbi },
      encode: (permit2612) => encodeUptoSettlement({ authorization, signature, amount, permit2612 }),
      gas: { settle: settings.gas.gasLimit, settleWithPermit: settings.gas.permitGasLimit },
    });
  } catch (error) {
    return invalid("unexpected_verify_error", errorMessage(error), payer);
  }
}
