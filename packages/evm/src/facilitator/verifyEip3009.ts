import type { SchemePaymentParameters } from "@x402kit/core";
import { exactEvmEip3009PayloadSchema } from "@x402kit/types";
import { type Address, type Hex, isAddressEqual, size } from "viem";
import { recoverDigestAddress } from "../secp256k1/recoverDigestAddress.js";
import { describeSchemaIssue } from "../utils/describeSchemaIssue.js";
import { hashEip3009Authorization } from "../utils/hashEip3009Authorization.js";
import { isHighS } from "../utils/isHighS.js";
import { parseEip3009Authorization } from "../utils/parseEip3009Authorization.js";
import { parseExactEvmRequirements } from "../utils/parseExactEvmRequirements.js";
import { type SplitSignatureReturnType, splitSignature } from "../utils/splitSignature.js";
import { validAfterSkewSeconds } from "../utils/validityWindow.js";
import { encodeTransferWithAuthorization } from "./encodeTransferWithAuthorization.js";
import { errorMessage } from "./errorMessage.js";
import { findNetworkContext } from "./findNetworkContext.js";
import { invalidVerification as invalid } from "./invalidVerification.js";
import { readEip3009State } from "./readEip3009State.js";
import { simulateEoaTransfer } from "./simulateEoaTransfer.js";
import type { FacilitatorSettings, NetworkContext, VerifiedEvmPayment } from "./types.js";

export type VerifyEip3009Parameters = {
  payment: SchemePaymentParameters;
  contexts: ReadonlyMap<string, NetworkContext>;
  settings: FacilitatorSettings & { gas: { gasLimit: bigint; smartWalletGasLimit: bigint } };
};

/**
 * Verifies an exact EVM payment made with EIP-3009 (scheme_exact_evm.md phase 2, spec v2 §6.1.2). The cheap checks
 * come first and need no RPC: the payload's shape, scheme and network, the EIP-712 domain, recipient, exact value,
 * the time window (with `validityMarginSeconds` of margin) and high-s. Then one batched round: the transfer's
 * simulation and `from`'s code, which proves an EOA's payment valid without recovering its signature here. When that
 * is not enough (a refusal, a smart wallet), a second round finds the exact reason: the signature recovered
 * off-chain, balance, nonce state, smart-wallet code and EIP-1271, and the simulation again. Never throws: an
 * unexpected failure is `unexpected_verify_error`.
 */
export async function verifyEip3009(parameters: VerifyEip3009Parameters): Promise<VerifiedEvmPayment> {
  const { payment, contexts, settings } = parameters;
  const { payload, requirements } = payment;
  let payer: Address | undefined;
  try {
    const parsedPayload = exactEvmEip3009PayloadSchema.safeParse(payload.payload);
    if (!parsedPayload.success)
      return invalid(
        "invalid_payload",
        `The payload is not an EIP-3009 authorization: ${describeSchemaIssue(parsedPayload.error.issues)}.`,
      );
    const authorization = parseEip3009Authorization(parsedPayload.data.authorization);
    const signature = parsedPayload.data.signature as Hex;
    payer = authorization.from;

    const found = findNetworkContext({ payment, scheme: "exact", contexts });
    if (!found.ok) return invalid(found.reason, found.message, payer);
    const { context } = found;
    const parsed = parseExactEvmRequirements(requirements);
    if (!parsed.ok) return invalid(parsed.code, parsed.message, payer);
    const { asset, payTo, amount, domain, method, chainId } = parsed.requirements;
    if (method !== "eip3009")
      return invalid(
        "invalid_payload",
        `The requirements ask for "${method}", the payload is EIP-3009.`,
        payer,
      );
    if (!domain)
      return invalid(
        "invalid_payment_requirements",
        "The requirements' extra lacks the token's EIP-712 name and version.",
        payer,
      );

    if (!isAddressEqual(authorization.to, payTo))
      return invalid(
        "invalid_exact_evm_payload_recipient_mismatch",
        `The authorization pays ${authorization.to}, not payTo ${payTo}.`,
        payer,
      );
    if (authorization.value !== amount)
      return invalid(
        "invalid_exact_evm_payload_authorization_value_mismatch",
        `The authorization is for ${authorization.value}, the requirements ask exactly ${amount}.`,
        payer,
      );
    // USDC requires validAfter < block.timestamp < validBefore, both strict.
    const now = BigInt(Math.floor(settings.now()));
    if (authorization.validBefore <= now + BigInt(settings.validityMarginSeconds))
      return invalid(
        "invalid_exact_evm_payload_authorization_valid_before",
        `The authorization expired (validBefore ${authorization.validBefore}, now ${now}).`,
        payer,
      );
    if (authorization.validAfter >= now)
      return invalid(
        "invalid_exact_evm_payload_authorization_valid_after",
        `The authorization is not valid yet (validAfter ${authorization.validAfter}, now ${now}).`,
        payer,
      );
    const latestValidBefore = now + BigInt(requirements.maxTimeoutSeconds + validAfterSkewSeconds);
    if (authorization.validBefore > latestValidBefore)
      return invalid(
        "invalid_exact_evm_payload_authorization_valid_before_too_far",
        `validBefore ${authorization.validBefore} lies beyond now + maxTimeoutSeconds (+${validAfterSkewSeconds} s).`,
        payer,
      );

    const split = splitSignature(signature);
    if (split && isHighS(split.s))
      return invalid("invalid_exact_evm_payload_signature", "The signature is malleable (high s).", payer);
    const eoaCall = (data: Hex, eoaSignature: SplitSignatureReturnType) => {
      const gas = settings.gas.gasLimit;
      return {
        context,
        to: asset,
        data,
        gas,
        batchItem: { token: asset, authorization, signature: eoaSignature, gas },
      };
    };
    if (split && (await context.facts.isEip3009Token(asset))) {
      // Fast path: the token's own checks, in one round and with no signature recovery here.
      const data = encodeTransferWithAuthorization({ authorization, signature: split });
      const simulated = await simulateEoaTransfer({
        client: context.client,
        asset,
        from: payer,
        simulation: { account: context.signer.address, data },
      });
      if (simulated.accepted)
        return { response: { isValid: true, payer }, amount, call: eoaCall(data, split) };
    }

    // Full diagnosis: the exact reason for a refusal, and smart wallets (EIP-1271).
    const hash = hashEip3009Authorization({
      domain: { ...domain, chainId, verifyingContract: asset },
      authorization,
    });
    // An EOA's signature recovers to `from`; anything else is taken for a smart wallet's (EIP-1271).
    // (`v` normalised to 27/28 by the split; a high `s` was refused above.)
    const recovered = split
      ? recoverDigestAddress({
          digest: hash,
          signature: `${split.r}${split.s.slice(2)}${split.v.toString(16)}`,
        })
      : undefined;
    const signedByPayer = recovered !== undefined && isAddressEqual(recovered, payer);

    const data = encodeTransferWithAuthorization({
      authorization,
      signature: signedByPayer && split ? split : signature,
    });
    const state = await readEip3009State({
      client: context.client,
      asset,
      from: payer,
      nonce: authorization.nonce,
      simulation: { account: context.signer.address, data },
      smartWallet: signedByPayer ? undefined : { hash, signature },
    });

    if (state.wallet && !state.wallet.deployed)
      return size(signature) === 65
        ? invalid(
            "invalid_exact_evm_payload_signature",
            "The signature does not recover to `from`, and `from` is not a contract wallet.",
            payer,
          )
        : invalid(
            "invalid_exact_evm_payload_smart_wallet_not_deployed",
            "`from` has no code: the smart wallet is not deployed.",
            payer,
          );
    if (state.wallet && !state.wallet.validSignature)
      return invalid(
        "invalid_exact_evm_payload_signature",
        "The smart wallet did not accept the signature (EIP-1271).",
        payer,
      );
    if (state.balance === undefined)
      return invalid("invalid_payment_requirements", `The asset ${asset} did not answer balanceOf.`, payer);
    if (state.balance < authorization.value)
      return invalid(
        "insufficient_funds",
        `The payer holds ${state.balance}, the payment needs ${authorization.value}.`,
        payer,
      );
    if (state.nonceUsed === undefined)
      return invalid(
        "invalid_payment_requirements",
        `The asset ${asset} does not implement EIP-3009.`,
        payer,
      );
    if (state.nonceUsed)
      return invalid(
        "invalid_exact_evm_payload_authorization_nonce_used",
        "This authorization's nonce was already used or cancelled.",
        payer,
      );
    if (!state.simulation.ok)
      return invalid(
        "invalid_transaction_state",
        `The simulated transfer reverted: ${state.simulation.message}`,
        payer,
      );
    return {
      response: { isValid: true, payer },
      amount,
      call:
        signedByPayer && split
          ? eoaCall(data, split)
          : { context, to: asset, data, gas: settings.gas.smartWalletGasLimit },
    };
  } catch (error) {
    return invalid("unexpected_verify_error", errorMessage(error), payer);
  }
}
