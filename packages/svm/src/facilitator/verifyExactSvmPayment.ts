import { type Address, getBase58Decoder, getBase64EncodedWireTransaction, type Signature } from "@solana/kit";
import type { SchemePaymentParameters } from "@x402kit/core";
import {
  atomicAmountSchema,
  exactSvmExtraSchema,
  exactSvmPayloadSchema,
  svmAddressSchema,
  type VerifyResponse,
} from "@x402kit/types";
import {
  type DecodedSvmTransaction,
  decodeSvmTransaction,
  type SignableTransaction,
} from "../utils/decodeSvmTransaction.js";
import { describeError } from "../utils/describeError.js";
import { type ExactSvmTransfer, inspectExactSvmTransaction } from "./inspectExactSvmTransaction.js";
import { simulationFailure } from "./simulationFailure.js";
import type { SvmFacilitatorSettings, SvmNetworkContext } from "./types.js";

export type VerifyExactSvmPaymentParameters = {
  payment: SchemePaymentParameters;
  contexts: ReadonlyMap<string, SvmNetworkContext>;
  settings: SvmFacilitatorSettings;
};

/** A valid payment, ready to settle: the transaction with the fee payer's signature added. */
export type ExactSvmSettlement = {
  context: SvmNetworkContext;
  decoded: DecodedSvmTransaction;
  transfer: ExactSvmTransfer;
  /** The most the transaction costs the fee payer, in lamports. */
  fee: bigint;
  /** The fully signed transaction, base64. */
  signed: string;
  /** Its id: the fee payer's signature, base58 (a deterministic Ed25519 signature of the message). */
  signature: string;
};

export type VerifyExactSvmPaymentReturnType = {
  response: VerifyResponse;
  settlement?: ExactSvmSettlement | undefined;
};

const base58 = getBase58Decoder();

/**
 * Verifies an exact SVM payment (scheme_exact_svm.md §2.1, §3.1): the requirements and payload shapes, then every
 * check that needs no RPC (`inspectExactSvmTransaction`), then one round of RPC: a simulation of the client's
 * transaction (§2.2.3) and the status of the transaction it becomes once the fee payer signs, whose id is known
 * before it is sent (a transaction that already landed is `duplicate_settlement`). Never throws.
 */
export async function verifyExactSvmPayment(
  parameters: VerifyExactSvmPaymentParameters,
): Promise<VerifyExactSvmPaymentReturnType> {
  const { payment, contexts, settings } = parameters;
  const { requirements } = payment;
  const invalid = (reason: string, message: string, payer?: string): VerifyExactSvmPaymentReturnType => ({
    response: { isValid: false, invalidReason: reason, invalidMessage: message, ...(payer ? { payer } : {}) },
  });
  let payer: string | undefined;
  try {
    const context = contexts.get(requirements.network);
    if (!context) return invalid("invalid_network", `${requirements.network} is not served.`);
    const extra = requirements.extra ?? {};
    if (typeof extra.feePayer !== "string" || extra.feePayer === "")
      return invalid(
        "invalid_exact_svm_payload_missing_fee_payer",
        "The requirements name no `extra.feePayer`.",
      );
    const parsedExtra = exactSvmExtraSchema.safeParse(extra);
    if (!parsedExtra.success)
      return invalid(
        "invalid_payment_requirements",
        `extra: ${parsedExtra.error.issues[0]?.message ?? "invalid"}`,
      );
    const feePayer = context.feePayers.get(parsedExtra.data.feePayer);
    if (!feePayer)
      return invalid(
        "invalid_exact_svm_fee_payer_not_managed_by_facilitator",
        `${parsedExtra.data.feePayer} is not a fee payer of this facilitator on ${requirements.network}.`,
      );
    if (
      !svmAddressSchema.safeParse(requirements.asset).success ||
      !svmAddressSchema.safeParse(requirements.payTo).success ||
      !atomicAmountSchema.safeParse(requirements.amount).success
    )
      return invalid(
        "invalid_payment_requirements",
        "The requirements' asset, payTo or amount is not a Solana one.",
      );
    if (context.assets && !context.assets.has(requirements.asset))
      return invalid(
        "invalid_payment_requirements",
        `This facilitator does not settle ${requirements.asset} on ${requirements.network}.`,
      );
    const payload = exactSvmPayloadSchema.safeParse(payment.payload.payload);
    if (!payload.success)
      return invalid(
        "invalid_payload",
        "The payload must be `{ transaction }`: a base64 Solana transaction.",
      );
    const decoding = decodeSvmTransaction(payload.data.transaction);
    if (!decoding.ok)
      return invalid("invalid_exact_svm_payload_transaction_could_not_be_decoded", decoding.message);
    const { decoded } = decoding;

    const inspected = await inspectExactSvmTransaction({
      decoded,
      terms: {
        asset: requirements.asset as Address,
        payTo: requirements.payTo as Address,
        amount: BigInt(requirements.amount),
        feePayer: parsedExtra.data.feePayer as Address,
        memo: parsedExtra.data.memo,
      },
      feePayers: settings.feePayerAddresses,
      maxComputeUnits: settings.maxComputeUnits,
      maxComputeUnitPriceMicroLamports: settings.maxComputeUnitPriceMicroLamports,
    });
    if (!inspected.ok) return invalid(inspected.reason, inspected.message, inspected.payer);
    payer = inspected.payer;

    // The fee payer's signature is deterministic (Ed25519): the transaction's id is known before it is sent.
    const [signatures] = await feePayer.signTransactions([decoded.transaction]);
    const signedTransaction: SignableTransaction = {
      ...decoded.transaction,
      signatures: { ...decoded.transaction.signatures, ...signatures },
    };
    const ownSignature = signatures?.[feePayer.address];
    if (!ownSignature) return invalid("unexpected_verify_error", "The fee payer did not sign.", payer);
    const signature = base58.decode(ownSignature);
    const [simulation, statuses] = await Promise.all([
      context.rpc
        .simulateTransaction(payload.data.transaction as never, {
          encoding: "base64",
          sigVerify: false,
          replaceRecentBlockhash: false,
          commitment: "confirmed",
        })
        .send(),
      context.rpc.getSignatureStatuses([signature as Signature], { searchTransactionHistory: true }).send(),
    ]);
    if (statuses.value[0])
      return invalid(
        "duplicate_settlement",
        `This transaction already landed (${signature}): a payment settles once.`,
        payer,
      );
    if (simulation.value.err !== null) {
      const failure = simulationFailure({ err: simulation.value.err, logs: simulation.value.logs });
      return invalid(failure.reason, failure.message, payer);
    }
    return {
      response: { isValid: true, payer },
      settlement: {
        context,
        decoded,
        transfer: inspected.transfer,
        fee: inspected.fee,
        signed: getBase64EncodedWireTransaction(signedTransaction),
        signature,
      },
    };
  } catch (error) {
    return invalid("unexpected_verify_error", describeError(error), payer);
  }
}
