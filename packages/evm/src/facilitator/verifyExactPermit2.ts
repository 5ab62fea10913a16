import type { SchemePaymentParameters } from "@x402kit/core";
import { exactEvmPermit2PayloadSchema } from "@x402kit/types";
import type { Address, Hex } from "viem";
import { exactPermit2ProxyAbi } from "../abis.js";
import { exactPermit2ProxyAddress } from "../constants.js";
import { exactPermit2WitnessType } from "../permit2Types.js";
import { describeSchemaIssue } from "../utils/describeSchemaIssue.js";
import { parseExactEvmRequirements } from "../utils/parseExactEvmRequirements.js";
import { parsePermit2Authorization } from "../utils/parsePermit2Authorization.js";
import { checkPermit2Terms } from "./checkPermit2Terms.js";
import { encodeExactPermit2Settlement } from "./encodeExactPermit2Settlement.js";
import { errorMessage } from "./errorMessage.js";
import { findNetworkContext } from "./findNetworkContext.js";
import { invalidVerification } from "./invalidVerification.js";
import type { FacilitatorSettings, NetworkContext, VerifiedEvmPayment } from "./types.js";
import { verifyPermit2Payment } from "./verifyPermit2Payment.js";

export type VerifyExactPermit2Parameters = {
  payment: SchemePaymentParameters;
  contexts: ReadonlyMap<string, NetworkContext>;
  settings: FacilitatorSettings & { gas: { permit2GasLimit: bigint; permitGasLimit: bigint } };
};

/**
 * Verifies an exact EVM payment made through Permit2 (scheme_exact_evm.md §2 phase 3). The checks that need no RPC
 * come first: the payload's shape, scheme and network, `assetTransferMethod: "permit2"` in the requirements,
 * spender = the x402 exact proxy, token = asset, witness recipient = payTo, amount = the requirements' amount
 * exactly, `deadline` (with `validityMarginSeconds` of margin) and `witness.validAfter`. Then the signature and one
 * batched round of reads: Permit2 nonce, allowance (missing: `permit2_allowance_required`, unless the payload
 * carries an `eip2612GasSponsoring` permit), balance, and a simulation of the proxy's `settle` (or
 * `settleWithPermit`). Never throws: an unexpected failure is `unexpected_verify_error`.
 */
export async function verifyExactPermit2(
  parameters: VerifyExactPermit2Parameters,
): Promise<VerifiedEvmPayment> {
  const { payment, contexts, settings } = parameters;
  const { payload, requirements } = payment;
  let payer: Address | undefined;
  try {
    const parsedPayload = exactEvmPermit2PayloadSchema.safeParse(payload.payload);
    if (!parsedPayload.success)
      return invalidVerification(
        "invalid_payload",
        `The payload is not a Permit2 authorization: ${describeSchemaIssue(parsedPayload.error.issues)}.`,
      );
    const authorization = parsePermit2Authorization(parsedPayload.data.permit2Authorization);
    const signature = parsedPayload.data.signature as Hex;
    payer = authorization.from;

    const found = findNetworkContext({ payment, scheme: "exact", contexts });
    if (!found.ok) return invalidVerification(found.reason, found.message, payer);
    const { context } = found;
    const parsed = parseExactEvmRequirements(requirements);
    if (!parsed.ok) return invalidVerification(parsed.code, parsed.message, payer);
    const { asset, payTo, amount, method } = parsed.requirements;
    if (method !== "permit2")
      return invalidVerification(
        "invalid_payload",
        `The requirements ask for "${method}", the payload is Permit2.`,
        payer,
      );
    const now = BigInt(Math.floor(settings.now()));
    const terms = checkPermit2Terms({
      authorization,
      spender: exactPermit2ProxyAddress,
      asset,
      payTo,
      now,
      validityMarginSeconds: settings.validityMarginSeconds,
    });
    if (terms) return invalidVerification(terms.reason, terms.message, payer);
    // The proxy always moves the whole permitted amount: it must be exactly the price.
    if (authorization.permitted.amount !== amount)
      return invalidVerification(
        "invalid_permit2_amount_mismatch",
        `The authorization is for ${authorization.permitted.amount}, the requirements ask exactly ${amount}.`,
        payer,
      );

    return await verifyPermit2Payment({
      context,
      payload,
      authorization,
      witnessType: exactPermit2WitnessType,
      signature,
      amount,
      notBefore: now + BigInt(settings.validityMarginSeconds),
      proxy: { address: exactPermit2ProxyAddress, abi: exactPermit2ProxyAbi },
      encode: (permit2612) => encodeExactPermit2Settlement({ authorization, signature, permit2612 }),
      gas: { settle: settings.gas.permit2GasLimit, settleWithPermit: settings.gas.permitGasLimit },
    });
  } catch (error) {
    return invalidVerification("unexpected_verify_error", errorMessage(error), payer);
  }
}
