import { mockUsdcAbi } from "@x402kit/contracts";
import {
  exactEvmEip3009PayloadSchema,
  type PaymentRequirements,
  type SettleResponse,
  type VerifyResponse,
  v1NetworkToCaip2,
} from "@x402kit/types";
import {
  type Address,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  isAddressEqual,
  type LocalAccount,
} from "viem";
import { transferWithAuthorizationTypes } from "../context/signExactPayment.js";
import type { SuiteChain } from "./suiteChain.js";

/** A payment as the suite judges it: v1 and v2 brought to one form. */
export type NormalizedPayment = {
  x402Version: number;
  scheme: string;
  /** CAIP-2 (a v1 name is mapped through @x402kit/types' table). */
  network: string;
  /** The scheme payload (`{signature, authorization}` for exact EVM). */
  payload: unknown;
  requirements: PaymentRequirements;
  /** v2 only: what the client says it accepted. */
  accepted?: PaymentRequirements;
};

/** Brings a facilitator request body (v1 or v2, already schema-checked by the caller) to one form. */
export function normalizePayment(body: {
  x402Version: number;
  paymentPayload: Record<string, unknown>;
  paymentRequirements: Record<string, unknown>;
}): NormalizedPayment {
  const { paymentPayload: p, paymentRequirements: r } = body;
  if (body.x402Version === 1) {
    const network = String(p["network"]);
    return {
      x402Version: 1,
      scheme: String(p["scheme"]),
      network: v1NetworkToCaip2(network) ?? network,
      payload: p["payload"],
      requirements: {
        scheme: String(r["scheme"]),
        network: v1NetworkToCaip2(String(r["network"])) ?? String(r["network"]),
        amount: String(r["maxAmountRequired"]),
        asset: String(r["asset"]),
        payTo: String(r["payTo"]),
        maxTimeoutSeconds: Number(r["maxTimeoutSeconds"]),
        ...(r["extra"] ? { extra: r["extra"] as Record<string, unknown> } : {}),
      },
    };
  }
  const accepted = p["accepted"] as PaymentRequirements;
  return {
    x402Version: body.x402Version,
    scheme: accepted.scheme,
    network: accepted.network,
    payload: p["payload"],
    requirements: r as unknown as PaymentRequirements,
    accepted,
  };
}

const invalid = (invalidReason: string, payer?: string): VerifyResponse => ({
  isValid: false,
  invalidReason,
  ...(payer ? { payer } : {}),
});

/**
 * The suite's own judge of an exact EVM (EIP-3009) payment, used by the facilitator and the resource server that
 * the suite runs when it tests servers and clients. It checks what scheme_exact_evm.md §1 Phase 2 lists, against
 * the chain's clock.
 */
export async function verifyExactPayment(
  chain: SuiteChain,
  payment: NormalizedPayment,
): Promise<VerifyResponse> {
  const { requirements } = payment;
  if (payment.scheme !== "exact" || requirements.scheme !== "exact") return invalid("unsupported_scheme");
  if (payment.network !== chain.network || requirements.network !== chain.network)
    return invalid("invalid_network");
  const parsed = exactEvmEip3009PayloadSchema.safeParse(payment.payload);
  if (!parsed.success) return invalid("invalid_payload");
  const { authorization, signature } = parsed.data;
  const payer = getAddress(authorization.from);
  if (payment.accepted) {
    const a = payment.accepted;
    const same =
      a.scheme === requirements.scheme &&
      a.network === requirements.network &&
      a.amount === requirements.amount &&
      a.asset.toLowerCase() === requirements.asset.toLowerCase() &&
      a.payTo.toLowerCase() === requirements.payTo.toLowerCase();
    if (!same) return invalid("invalid_payment_requirements", payer);
  }
  if (!isAddressEqual(authorization.to as Address, requirements.payTo as Address))
    return invalid("invalid_exact_evm_payload_recipient_mismatch", payer);
  if (BigInt(authorization.value) !== BigInt(requirements.amount))
    return invalid("invalid_exact_evm_payload_authorization_value_mismatch", payer);
  const now = await chain.now();
  if (BigInt(authorization.validAfter) > now)
    return invalid("invalid_exact_evm_payload_authorization_valid_after", payer);
  if (BigInt(authorization.validBefore) <= now + 3n)
    return invalid("invalid_exact_evm_payload_authorization_valid_before", payer);
  const extra = (requirements.extra ?? {}) as { name?: string; version?: string };
  const asset = getAddress(requirements.asset);
  const signatureOk = await chain.publicClient
    .verifyTypedData({
      address: payer,
      domain: { name: extra.name, version: extra.version, chainId: chain.chainId, verifyingContract: asset },
      types: transferWithAuthorizationTypes,
      primaryType: "TransferWithAuthorization",
      message: {
        from: payer,
        to: getAddress(authorization.to),
        value: BigInt(authorization.value),
        validAfter: BigInt(authorization.validAfter),
        validBefore: BigInt(authorization.validBefore),
        nonce: authorization.nonce as Hex,
      },
      signature: signature as Hex,
    })
    .catch(() => false);
  if (!signatureOk) return invalid("invalid_exact_evm_payload_signature", payer);
  if (await chain.authorizationState(payer, authorization.nonce as Hex, asset))
    return invalid("invalid_exact_evm_payload_authorization_nonce_used", payer);
  if ((await chain.balanceOf(payer, asset)) < BigInt(authorization.value))
    return invalid("insufficient_funds", payer);
  return { isValid: true, payer };
}

/** Verifies again, then calls `transferWithAuthorization` from `account` and waits for the receipt. */
export async function settleExactPayment(
  chain: SuiteChain,
  account: LocalAccount,
  payment: NormalizedPayment,
): Promise<SettleResponse> {
  const verdict = await verifyExactPayment(chain, payment);
  const failure = (errorReason: string): SettleResponse => ({
    success: false,
    errorReason,
    transaction: "",
    network: payment.network,
    ...(verdict.payer ? { payer: verdict.payer } : {}),
  });
  if (!verdict.isValid) return failure(verdict.invalidReason ?? "unexpected_settle_error");
  const { authorization, signature } = exactEvmEip3009PayloadSchema.parse(payment.payload);
  const wallet = createWalletClient({
    account,
    chain: chain.viemChain,
    transport: http(chain.rpcUrl),
    pollingInterval: 50,
  });
  try {
    const hash = await wallet.writeContract({
      address: getAddress(payment.requirements.asset),
      abi: mockUsdcAbi,
      functionName: "transferWithAuthorization",
      args: [
        getAddress(authorization.from),
        getAddress(authorization.to),
        BigInt(authorization.value),
        BigInt(authorization.validAfter),
        BigInt(authorization.validBefore),
        authorization.nonce as Hex,
        signature as Hex,
      ],
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") return failure("invalid_transaction_state");
    return {
      success: true,
      transaction: hash,
      network: payment.network,
      payer: verdict.payer!,
      amount: payment.requirements.amount,
    };
  } catch {
    return failure("unexpected_settle_error");
  }
}
